package io.amphora.storage;

/** A sink for samples (Prometheus {@code storage.Appendable}). */
public interface Appendable {
    /** A new appender; appenders are not thread-safe, but several may be used concurrently. */
    Appender appender();
}
