package io.amphora.promql.ast;

import io.amphora.model.Matcher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AstRecordsTest {
    @Test
    void requiresASelectorWithANameToSelectThatName() {
        assertThatThrownBy(() -> VectorSelector.of("up", List.of(Matcher.equal("job", "a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VectorSelector.of("", List.of(Matcher.equal("job", "a"))).name()).isEmpty();
    }

    @Test
    void requiresAParameterExactlyForAggregationsThatTakeOne() {
        VectorSelector x = VectorSelector.of("x", List.of(Matcher.equal("__name__", "x")));
        assertThatThrownBy(() -> new AggregateExpr(AggregationOp.TOPK, x, Optional.empty(), List.of(), false,
                PositionRange.NONE)).hasMessage("topk needs parameter");
        assertThatThrownBy(() -> new AggregateExpr(AggregationOp.SUM, x, Optional.of(NumberLiteral.of(1)), List.of(),
                false, PositionRange.NONE)).hasMessage("sum takes no parameter");
    }

    @Test
    void derivesTypesFromStructure() {
        NumberLiteral one = NumberLiteral.of(1);
        VectorSelector x = VectorSelector.of("x", List.of(Matcher.equal("__name__", "x")));
        assertThat(new BinaryExpr(BinaryOp.ADD, one, one, Optional.empty(), false).type()).isEqualTo(ValueType.SCALAR);
        assertThat(new BinaryExpr(BinaryOp.ADD, one, x, Optional.empty(), false).type()).isEqualTo(ValueType.VECTOR);
        assertThat(ParenExpr.of(StringLiteral.of("s")).type()).isEqualTo(ValueType.STRING);
        assertThat(UnaryExpr.of(UnaryOp.MINUS, x).type()).isEqualTo(ValueType.VECTOR);
        assertThat(MatrixSelector.of(x, QueryDuration.ofMillis(1)).type()).isEqualTo(ValueType.MATRIX);
    }

    @Test
    void allowsOnlyArithmeticInDurationExpressions() {
        DurationExpr one = new DurationExpr.Literal(1, false, PositionRange.NONE);
        assertThatThrownBy(() -> new DurationExpr.Binary(BinaryOp.AND, one, one))
                .hasMessage("not a duration operator: and");
    }

    @Test
    void spansBinaryOperationsFromTheLeftOperandToTheRightOne() {
        NumberLiteral a = new NumberLiteral(1, false, PositionRange.of(0, 1));
        NumberLiteral b = new NumberLiteral(2, false, PositionRange.of(4, 5));
        NumberLiteral c = new NumberLiteral(3, false, PositionRange.of(8, 9));
        BinaryExpr ab = new BinaryExpr(BinaryOp.ADD, a, b, Optional.empty(), false);
        assertThat(new BinaryExpr(BinaryOp.MUL, ab, c, Optional.empty(), false).positionRange())
                .isEqualTo(PositionRange.of(0, 9));
    }

    @Test
    void turnsPositionsIntoLineAndByteColumn() {
        assertThat(PositionRange.of(0, 1).lineColumn("x")).isEqualTo("1:1");
        assertThat(PositionRange.of(5, 6).lineColumn("ä\nab c")).isEqualTo("2:3");
        assertThat(PositionRange.of(3, 3).lineColumn("abc")).isEqualTo("1:4");
        assertThat(PositionRange.of(9, 9).lineColumn("abc")).isEqualTo("invalid position");
        assertThat(PositionRange.of(0, 0).lineColumn("")).isEqualTo("unknown position");
        assertThatThrownBy(() -> PositionRange.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
