package io.amphora.promql.ast;

/**
 * The binary operators with Prometheus's precedence (higher binds tighter) and associativity: {@code ^} is the
 * only right-associative one. {@code </} and {@code >/} are Prometheus 3's histogram trim operators.
 */
public enum BinaryOp {
    OR("or", 1, Kind.SET),
    AND("and", 2, Kind.SET),
    UNLESS("unless", 2, Kind.SET),
    EQL("==", 3, Kind.COMPARISON),
    NEQ("!=", 3, Kind.COMPARISON),
    LTE("<=", 3, Kind.COMPARISON),
    LSS("<", 3, Kind.COMPARISON),
    GTE(">=", 3, Kind.COMPARISON),
    GTR(">", 3, Kind.COMPARISON),
    TRIM_UPPER("</", 3, Kind.ARITHMETIC),
    TRIM_LOWER(">/", 3, Kind.ARITHMETIC),
    ADD("+", 4, Kind.ARITHMETIC),
    SUB("-", 4, Kind.ARITHMETIC),
    MUL("*", 5, Kind.ARITHMETIC),
    DIV("/", 5, Kind.ARITHMETIC),
    MOD("%", 5, Kind.ARITHMETIC),
    ATAN2("atan2", 5, Kind.ARITHMETIC),
    POW("^", 6, Kind.ARITHMETIC);

    /** The precedence of {@code *}: unary minus and plus bind like it, so {@code -a^b} is {@code -(a^b)}. */
    public static final int MULTIPLICATIVE_PRECEDENCE = 5;

    private enum Kind { SET, COMPARISON, ARITHMETIC }

    private final String symbol;
    private final int precedence;
    private final Kind kind;

    BinaryOp(String symbol, int precedence, Kind kind) {
        this.symbol = symbol;
        this.precedence = precedence;
        this.kind = kind;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean rightAssociative() {
        return this == POW;
    }

    public boolean isSetOperator() {
        return kind == Kind.SET;
    }

    /** {@code == != <= < >= >}: the operators that filter, or return 0/1 with {@code bool}. */
    public boolean isComparison() {
        return kind == Kind.COMPARISON;
    }
}
