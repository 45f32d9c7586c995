package io.amphora.gateway.policy;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a statement's {@code Resource} or {@code NotResource}: {@code *} or an ARN pattern
 * ({@code arn:partition:service:region:account:resource}) with the wildcards {@code *} and {@code ?}. Matching is
 * case-sensitive.
 *
 * <p>As in IAM, the colon-separated fields are matched one by one, so a wildcard in the region cannot reach into
 * the account; only the last field of the pattern reaches further when it ends with {@code *} (so
 * {@code arn:aws:aps:*} covers every Amphora resource). The resource field itself may contain {@code :} and
 * {@code /}, and its wildcards match across them.
 */
public record ResourcePattern(String pattern) {
    private static final int ARN_FIELDS = 6;

    public ResourcePattern {
        requireNonNull(pattern, "pattern is null");
        if (!pattern.equals("*") && !pattern.startsWith("arn:")) {
            throw new IllegalArgumentException("resource must be '*' or an ARN, got '" + pattern + "'");
        }
    }

    /** Whether the resource ARN {@code resource} (or {@code *} for actions without a resource) matches. */
    public boolean matches(String resource) {
        requireNonNull(resource, "resource is null");
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternFields = pattern.split(":", ARN_FIELDS);
        String[] resourceFields = resource.split(":", ARN_FIELDS);
        if (patternFields.length > resourceFields.length) {
            return false;
        }
        for (int i = 0; i < patternFields.length; i++) {
            boolean last = i == patternFields.length - 1;
            if (last && patternFields.length < resourceFields.length) {
                String rest = String.join(":", Arrays.copyOfRange(resourceFields, i, resourceFields.length));
                return patternFields[i].endsWith("*") && Wildcards.matches(patternFields[i], rest, false);
            }
            if (!Wildcards.matches(patternFields[i], resourceFields[i], false)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
