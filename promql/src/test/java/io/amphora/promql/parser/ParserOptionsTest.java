package io.amphora.promql.parser;

import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.QueryDuration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserOptionsTest {
    private final PromqlParser stock = new PromqlParser(ParserOptions.defaults());
    private final PromqlParser noDurationExpressions = new PromqlParser(new ParserOptions(true, false, true, true));

    @Test
    void aStockServerAcceptsDurationExpressionsOnly() {
        assertThat(ParserOptions.defaults()).isEqualTo(new ParserOptions(false, true, false, false));
        assertThat(stock.parseExpr("x[5m * 2]")).isInstanceOf(MatrixSelector.class);
        assertThat(stock.parseExpr("x offset step()")).isNotNull();
    }

    @Test
    void refusesExperimentalFunctionsAndAggregationsUnlessEnabled() {
        assertThatThrownBy(() -> stock.parseExpr("sort_by_label(x, \"a\")"))
                .hasMessage("1:1: parse error: function \"sort_by_label\" is not enabled");
        assertThatThrownBy(() -> stock.parseExpr("sum(x) + limitk(1, x)"))
                .hasMessage("1:10: parse error: limitk() is experimental and must be enabled with"
                        + " --enable-feature=promql-experimental-functions");
        assertThatThrownBy(() -> stock.parseExpr("x > step()"))
                .hasMessage("1:5: parse error: function \"step\" is not enabled");
        assertThat(new PromqlParser(ParserOptions.allFeatures()).parseExpr("sort_by_label(x, \"a\")"))
                .isInstanceOf(Call.class);
    }

    @Test
    void refusesAnchoredAndSmoothedUnlessEnabled() {
        assertThatThrownBy(() -> stock.parseExpr("rate(x[5m] anchored)"))
                .hasMessage("1:6: parse error: anchored modifier is experimental and not enabled");
        assertThatThrownBy(() -> stock.parseExpr("x smoothed"))
                .hasMessage("1:1: parse error: smoothed modifier is experimental and not enabled");
    }

    @Test
    void refusesFillModifiersUnlessEnabled() {
        assertThatThrownBy(() -> stock.parseExpr("a + on (x) fill_left (0) b"))
                .hasMessage("1:1: parse error: binop fill modifiers are experimental and not enabled");
    }

    @Test
    void refusesDurationArithmeticWhenDisabledAtTheLeftOperand() {
        assertThatThrownBy(() -> noDurationExpressions.parseExpr("x[5m + 1m]"))
                .hasMessage("1:3: parse error: experimental duration expression is not enabled");
        assertThatThrownBy(() -> noDurationExpressions.parseExpr("x offset step()"))
                .hasMessage("1:10: parse error: experimental duration expression is not enabled");
        assertThatThrownBy(() -> noDurationExpressions.parseExpr("x[(5m)]"))
                .hasMessage("1:4: parse error: experimental duration expression is not enabled");
        assertThatThrownBy(() -> noDurationExpressions.parseExpr("x offset -max_of(1m, 2m)"))
                .hasMessage("1:10: parse error: experimental duration expression is not enabled");
    }

    @Test
    void acceptsASignedParenthesisAfterOffsetWithoutDurationExpressionsAsPrometheusDoes() {
        assertThat(noDurationExpressions.parseExpr("x offset -5m")).isNotNull();
        MatrixSelector parsed = (MatrixSelector) noDurationExpressions.parseExpr("x[5m] offset -(1m)");
        assertThat(parsed.selector().offset()).isInstanceOf(QueryDuration.Computed.class);
        assertThatThrownBy(() -> noDurationExpressions.parseExpr("x[-(5m)]"))
                .hasMessage("1:5: parse error: experimental duration expression is not enabled");
    }
}
