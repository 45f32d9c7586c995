package io.amphora.promql.ast;

/** How series of the two sides of a vector-vector operation pair up. */
public enum MatchCardinality {
    ONE_TO_ONE("one-to-one"),
    /** {@code group_left}: many series on the left may match one on the right. */
    MANY_TO_ONE("many-to-one"),
    /** {@code group_right}. */
    ONE_TO_MANY("one-to-many"),
    /** Set operators. */
    MANY_TO_MANY("many-to-many");

    private final String description;

    MatchCardinality(String description) {
        this.description = description;
    }

    /** Prometheus's wording, e.g. {@code many-to-one}. */
    public String description() {
        return description;
    }
}
