package io.amphora.promql.ast;

import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodesTest {
    private final PromqlParser parser = new PromqlParser(ParserOptions.allFeatures());

    @Test
    void listsChildrenInPrometheusOrder() {
        AggregateExpr topk = (AggregateExpr) parser.parseExpr("topk(3, x)");
        assertThat(Nodes.children(topk)).containsExactly(topk.expr(), topk.param().orElseThrow());
        MatrixSelector range = (MatrixSelector) parser.parseExpr("x[5m]");
        assertThat(Nodes.children(range)).containsExactly(range.selector());
        assertThat(Nodes.children(parser.parseExpr("x"))).isEmpty();
    }

    @Test
    void walksDepthFirst() {
        List<String> visited = new ArrayList<>();
        Nodes.walk(parser.parseExpr("sum(a * b) + -rate(c[1m:])"),
                node -> visited.add(node.getClass().getSimpleName()));
        assertThat(visited).containsExactly("BinaryExpr", "AggregateExpr", "BinaryExpr", "VectorSelector",
                "VectorSelector", "UnaryExpr", "Call", "SubqueryExpr", "VectorSelector");
    }

    @Test
    void collectsSelectors() {
        assertThat(Nodes.selectors(parser.parseExpr("a + rate(b[5m]) / max_over_time(c[1m:])")))
                .extracting(VectorSelector::name).containsExactly("a", "b", "c");
    }

    @Test
    void comparesQueriesThatDifferOnlyInSpelling() {
        Expr one = parser.parseExpr("sum by () (rate(x{b=\"1\", a=\"2\"}[5m] offset 60s)) + 0x10");
        Expr other = parser.parseExpr("sum(\n  rate(x{a='2',b=`1`} [5m] offset 1m)\n) + 16 # same");
        assertThat(one).isNotEqualTo(other);
        assertThat(Nodes.canonical(one)).isEqualTo(Nodes.canonical(other));
        assertThat(Nodes.canonical(parser.parseExpr("x offset 1m"))).isNotEqualTo(
                Nodes.canonical(parser.parseExpr("x offset 2m")));
    }

    @Test
    void keepsTheNameMatcherLastWhenCanonicalising() {
        VectorSelector selector = (VectorSelector) Nodes.canonical(parser.parseExpr("up{b=\"1\",a=\"1\"}"));
        assertThat(selector.matchers()).extracting(m -> m.name()).containsExactly("a", "b", "__name__");
    }
}
