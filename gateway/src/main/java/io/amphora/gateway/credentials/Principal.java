package io.amphora.gateway.credentials;

import static java.util.Objects.requireNonNull;

/**
 * An IAM-style user of an Amphora installation.
 *
 * @param name 1 to 64 characters from {@code A-Z a-z 0-9 + = , . @ _ -}, as IAM user names
 * @param accountId the 12-digit account the installation presents itself as
 */
public record Principal(String name, String accountId) {
    public static final int MAX_NAME_LENGTH = 64;

    public Principal {
        requireNonNull(name, "name is null");
        requireNonNull(accountId, "accountId is null");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH
                || !name.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || "+=,.@_-".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("a principal name must be 1 to " + MAX_NAME_LENGTH
                    + " characters from A-Z a-z 0-9 + = , . @ _ -, got '" + name + "'");
        }
        requireAccountId(accountId);
    }

    /** {@code arn:aws:iam::<account>:user/<name>}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":user/" + name;
    }

    /**
     * @throws IllegalArgumentException unless {@code accountId} is 12 decimal digits
     */
    public static String requireAccountId(String accountId) {
        if (accountId.length() != 12 || !accountId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("an account id must be 12 digits, got '" + accountId + "'");
        }
        return accountId;
    }
}
