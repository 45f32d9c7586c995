package io.amphora.gateway.policy;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a statement's {@code Action} or {@code NotAction}: {@code *}, or {@code service:action} where either
 * part may use the wildcards {@code *} and {@code ?}. Matching ignores case, as IAM does for actions.
 */
public record ActionPattern(String pattern) {
    public ActionPattern {
        requireNonNull(pattern, "pattern is null");
        if (!pattern.equals("*")) {
            int colon = pattern.indexOf(':');
            if (colon <= 0 || colon == pattern.length() - 1 || pattern.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("action must be '*' or 'service:action', got '" + pattern + "'");
            }
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '*' || c == '?' || c == ':';
                if (!ok) {
                    throw new IllegalArgumentException("action contains an invalid character: '" + pattern + "'");
                }
            }
        }
    }

    /** Whether {@code action} (like {@code aps:QueryMetrics}) matches, ignoring case. */
    public boolean matches(String action) {
        return Wildcards.matches(pattern, requireNonNull(action, "action is null"), true);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
