package io.amphora.model;

import static java.util.Objects.requireNonNull;

/** A categorised failure; the {@link ErrorCode} decides how adapters report it. */
public class AmphoraException extends RuntimeException {
    private final ErrorCode code;

    public AmphoraException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public AmphoraException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
