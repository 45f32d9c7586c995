package io.amphora.storage;

/** What an iterator is positioned on. {@link #NONE} means exhausted (or failed: check the owner's error). */
public enum ValueType {
    NONE,
    FLOAT,
    HISTOGRAM,
    FLOAT_HISTOGRAM
}
