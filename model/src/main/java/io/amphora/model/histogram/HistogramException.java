package io.amphora.model.histogram;

import static java.util.Objects.requireNonNull;

/**
 * An invalid histogram or a histogram operation that cannot be performed. {@link #getMessage()} is Prometheus's
 * full message (details followed by {@link HistogramError#text()}), which remote write reports to clients.
 */
public class HistogramException extends IllegalArgumentException {
    private final HistogramError error;

    public HistogramException(HistogramError error, String message) {
        super(requireNonNull(message, "message is null"));
        this.error = requireNonNull(error, "error is null");
    }

    public HistogramError error() {
        return error;
    }
}
