package io.amphora.promql.ast;

/** Prometheus 3's experimental extended range selector modifiers ({@code foo[5m] anchored}). */
public enum ExtendedRange {
    NONE(""),
    ANCHORED("anchored"),
    SMOOTHED("smoothed");

    private final String keyword;

    ExtendedRange(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
