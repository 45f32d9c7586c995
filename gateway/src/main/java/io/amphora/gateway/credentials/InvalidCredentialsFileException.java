package io.amphora.gateway.credentials;

/**
 * A credentials file that cannot be used. The message names the file and the problem and never contains a secret;
 * for the same reason it carries no cause (a YAML parser's exception quotes the offending line, which may hold one).
 */
public final class InvalidCredentialsFileException extends RuntimeException {
    public InvalidCredentialsFileException(String message) {
        super(message);
    }
}
