package io.amphora.promql.ast;

/** The type an expression evaluates to, with the names Prometheus uses internally and in its documentation. */
public enum ValueType {
    NONE("none", "none"),
    SCALAR("scalar", "scalar"),
    VECTOR("vector", "instant vector"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String internalName;
    private final String documentedName;

    ValueType(String internalName, String documentedName) {
        this.internalName = internalName;
        this.documentedName = documentedName;
    }

    /** Prometheus's internal name ({@code vector}, {@code matrix}), used in a few of its messages. */
    public String internalName() {
        return internalName;
    }

    /** The user-facing name ({@code instant vector}, {@code range vector}), used in most messages. */
    public String documentedName() {
        return documentedName;
    }
}
