package io.amphora.model;

import static java.util.Objects.requireNonNull;

/**
 * The tenant (workspace) a request acts for, as carried in {@code X-Scope-OrgID}.
 *
 * <p>Valid ids follow Cortex: 1 to 150 characters from {@code [a-zA-Z0-9!-_.*'()]}, and neither {@code .} nor
 * {@code ..}. The character set also guarantees the id never contains a NUL byte, which storage key layouts rely on.
 */
public record TenantId(String value) {
    public static final int MAX_LENGTH = 150;

    public TenantId {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("tenant id is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("tenant id is too long: max " + MAX_LENGTH + " characters");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("tenant id is not allowed: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!-_.*'()".indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("tenant id contains unsupported character '" + c + "'");
            }
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
