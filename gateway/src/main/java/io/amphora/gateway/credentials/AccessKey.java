package io.amphora.gateway.credentials;

import static java.util.Objects.requireNonNull;

/**
 * An access key pair: the public id a request names and the secret it is signed with. {@link #toString()} shows the
 * id only.
 *
 * @param accessKeyId 16 to 128 word characters ({@code [A-Za-z0-9_]}), as IAM allows; AWS's own look like
 *     {@code AKIA} followed by 16 upper-case letters and digits
 * @param secret the secret access key
 */
public record AccessKey(String accessKeyId, Secret secret) {
    public static final int MIN_ID_LENGTH = 16;
    public static final int MAX_ID_LENGTH = 128;

    public AccessKey {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secret, "secret is null");
        if (!isValidId(accessKeyId)) {
            throw new IllegalArgumentException("an access key id must be " + MIN_ID_LENGTH + " to " + MAX_ID_LENGTH
                    + " letters, digits or underscores, got '" + accessKeyId + "'");
        }
    }

    public static boolean isValidId(String accessKeyId) {
        if (accessKeyId.length() < MIN_ID_LENGTH || accessKeyId.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < accessKeyId.length(); i++) {
            char c = accessKeyId.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + "]";
    }
}
