package io.amphora.distributor.remotewrite;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;

/**
 * A whole remote-write request was refused before any of it could be used; {@link #status()} is the HTTP status to
 * answer (always 4xx: the sender must not retry the same bytes) and {@link #getMessage()} the body text.
 */
public final class RemoteWriteException extends AmphoraException {
    private final int status;

    public RemoteWriteException(int status, ErrorCode code, String message) {
        this(status, code, message, null);
    }

    public RemoteWriteException(int status, ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("not a client error status: " + status);
        }
        this.status = status;
    }

    static RemoteWriteException badRequest(String message) {
        return new RemoteWriteException(400, ErrorCode.INVALID_REQUEST, message);
    }

    static RemoteWriteException badRequest(String message, Throwable cause) {
        return new RemoteWriteException(400, ErrorCode.INVALID_REQUEST, message, cause);
    }

    static RemoteWriteException unsupportedMediaType(String message) {
        return new RemoteWriteException(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
    }

    static RemoteWriteException tooLarge(String message) {
        return new RemoteWriteException(413, ErrorCode.REQUEST_TOO_LARGE, message);
    }

    /** The HTTP status: 400 (undecodable body), 413 (too large) or 415 (content type or encoding not supported). */
    public int status() {
        return status;
    }
}
