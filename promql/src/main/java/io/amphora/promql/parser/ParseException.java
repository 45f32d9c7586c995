package io.amphora.promql.parser;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;

import java.util.List;

/**
 * A query that is not valid PromQL. The message is that of the first error, formatted as Prometheus does
 * ({@code 1:8: parse error: unexpected <op:*>}); the HTTP API reports it as {@code bad_data}.
 */
public final class ParseException extends AmphoraException {
    private final List<ParseError> errors;

    public ParseException(List<ParseError> errors) {
        super(ErrorCode.INVALID_REQUEST, first(errors).toString());
        this.errors = List.copyOf(errors);
    }

    /** Every error found, in the order found; the first is the one the message shows. */
    public List<ParseError> errors() {
        return errors;
    }

    public ParseError firstError() {
        return errors.getFirst();
    }

    private static ParseError first(List<ParseError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a parse exception needs at least one error");
        }
        return errors.getFirst();
    }
}
