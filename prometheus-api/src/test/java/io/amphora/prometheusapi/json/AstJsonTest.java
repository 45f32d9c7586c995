package io.amphora.prometheusapi.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.amphora.promql.ast.Expr;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AstJsonTest {
    private static final PromqlParser PARSER = new PromqlParser(ParserOptions.allFeatures());

    @Test
    void writesTheDocumentationExampleWithPrometheus3Fields() {
        assertThat(ast("foo/bar")).isEqualTo("{\"bool\":false,\"lhs\":" + selector("foo")
                + ",\"matching\":{\"card\":\"one-to-one\",\"fillValues\":{\"lhs\":null,\"rhs\":null},"
                + "\"include\":[],\"labels\":[],\"on\":false},\"op\":\"/\",\"rhs\":" + selector("bar")
                + ",\"type\":\"binaryExpr\"}");
    }

    @Test
    void writesAggregationsCallsAndMatrixSelectors() {
        assertThat(ast("sum by (job, \"a.b\") (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h @ start()))"))
                .isEqualTo("{\"expr\":{\"args\":[{\"anchored\":false,\"matchers\":["
                        + "{\"name\":\"code\",\"type\":\"=~\",\"value\":\"5..\"},"
                        + "{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"http_requests_total\"}],"
                        + "\"name\":\"http_requests_total\",\"offset\":3600000,\"offsetExpr\":null,\"range\":300000,"
                        + "\"rangeExpr\":null,\"smoothed\":false,\"startOrEnd\":\"start\",\"timestamp\":null,"
                        + "\"type\":\"matrixSelector\"}],\"func\":{\"argTypes\":[\"matrix\"],\"name\":\"rate\","
                        + "\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"},\"grouping\":[\"job\",\"a.b\"],"
                        + "\"op\":\"sum\",\"param\":null,\"type\":\"aggregation\",\"without\":false}");
    }

    @Test
    void writesParametersUnaryExpressionsAndNumbers() {
        assertThat(ast("topk without () (3, -x @ 100.5)")).isEqualTo("{\"expr\":{\"expr\":{\"anchored\":false,"
                + "\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"x\"}],\"name\":\"x\",\"offset\":0,"
                + "\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":100500,"
                + "\"type\":\"vectorSelector\"},\"op\":\"-\",\"type\":\"unaryExpr\"},\"grouping\":[],\"op\":\"topk\","
                + "\"param\":{\"type\":\"numberLiteral\",\"val\":\"3\"},\"type\":\"aggregation\",\"without\":true}");
        assertThat(ast("-1e-7")).isEqualTo("{\"type\":\"numberLiteral\",\"val\":\"-0.0000001\"}");
        assertThat(ast("Inf")).isEqualTo("{\"type\":\"numberLiteral\",\"val\":\"+Inf\"}");
        assertThat(ast("(1)")).isEqualTo("{\"expr\":{\"type\":\"numberLiteral\",\"val\":\"1\"},\"type\":\"parenExpr\"}");
    }

    @Test
    void escapesStringsAndOperatorsForHtml() {
        assertThat(ast("label_replace(up, \"a\", \"<$1>&\", \"b\", \"(.*)\")")).isEqualTo("{\"args\":["
                + selector("up") + ",{\"type\":\"stringLiteral\",\"val\":\"a\"},"
                + "{\"type\":\"stringLiteral\",\"val\":\"\\u003c$1\\u003e\\u0026\"},"
                + "{\"type\":\"stringLiteral\",\"val\":\"b\"},{\"type\":\"stringLiteral\",\"val\":\"(.*)\"}],"
                + "\"func\":{\"argTypes\":[\"vector\",\"string\",\"string\",\"string\",\"string\"],"
                + "\"name\":\"label_replace\",\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"}");
        assertThat(ast("a >= bool on (job) group_left (x) b")).isEqualTo("{\"bool\":true,\"lhs\":" + selector("a")
                + ",\"matching\":{\"card\":\"many-to-one\",\"fillValues\":{\"lhs\":null,\"rhs\":null},"
                + "\"include\":[\"x\"],\"labels\":[\"job\"],\"on\":true},\"op\":\"\\u003e=\",\"rhs\":" + selector("b")
                + ",\"type\":\"binaryExpr\"}");
    }

    @Test
    void writesSetOperatorsAsManyToManyAndScalarOperationsWithoutMatching() {
        assertThat(ast("a and ignoring (b) c")).contains("\"matching\":{\"card\":\"many-to-many\","
                + "\"fillValues\":{\"lhs\":null,\"rhs\":null},\"include\":[],\"labels\":[\"b\"],\"on\":false}");
        assertThat(ast("a * 2")).contains("\"matching\":null");
        assertThat(ast("a + fill_left(0) fill_right(1.5) b"))
                .contains("\"fillValues\":{\"lhs\":0,\"rhs\":1.5}");
    }

    @Test
    void writesSubqueries() {
        assertThat(ast("x[1h:5m] @ end()")).isEqualTo("{\"expr\":" + selector("x") + ",\"offset\":0,\"offsetExpr\":null,"
                + "\"range\":3600000,\"rangeExpr\":null,\"startOrEnd\":\"end\",\"step\":300000,\"stepExpr\":null,"
                + "\"timestamp\":null,\"type\":\"subquery\"}");
        assertThat(ast("x[1h:]")).contains("\"step\":0,\"stepExpr\":null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // The cases of Prometheus's own duration-expression translation test.
            "foo[5m+1m]                        | \"range\":0,\"rangeExpr\":" + "{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"300\"},\"op\":\"+\",\"rhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"60\"},\"type\":\"durationExpr\",\"wrapped\":false}",
            "foo[5m+1m] offset (10m/2)         | \"offset\":0,\"offsetExpr\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"600\"},\"op\":\"/\",\"rhs\":{\"duration\":false,\"type\":\"numberLiteral\",\"val\":\"2\"},\"type\":\"durationExpr\",\"wrapped\":true}",
            "foo[max_of(step(),5m+3m) ]        | \"rangeExpr\":{\"lhs\":{\"lhs\":null,\"op\":\"step\",\"rhs\":null,\"type\":\"durationExpr\",\"wrapped\":false},\"op\":\"max_of\",\"rhs\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"300\"},\"op\":\"+\",\"rhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"180\"},\"type\":\"durationExpr\",\"wrapped\":false},\"type\":\"durationExpr\",\"wrapped\":false}",
            "foo[range()]                      | \"range\":0,\"rangeExpr\":{\"lhs\":null,\"op\":\"range\",\"rhs\":null,\"type\":\"durationExpr\",\"wrapped\":false}",
            "foo[5m:1m]                        | \"range\":300000,\"rangeExpr\":null,\"startOrEnd\":null,\"step\":60000,\"stepExpr\":null",
            "foo[4s+4s:1s*2] offset (5s-8)     | \"offset\":0,\"offsetExpr\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"5\"},\"op\":\"-\",\"rhs\":{\"duration\":false,\"type\":\"numberLiteral\",\"val\":\"8\"},\"type\":\"durationExpr\",\"wrapped\":true},\"range\":0,\"rangeExpr\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"4\"},\"op\":\"+\",\"rhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"4\"},\"type\":\"durationExpr\",\"wrapped\":false},\"startOrEnd\":null,\"step\":0,\"stepExpr\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"1\"},\"op\":\"*\",\"rhs\":{\"duration\":false,\"type\":\"numberLiteral\",\"val\":\"2\"},\"type\":\"durationExpr\",\"wrapped\":false}",
            "foo offset 5m                     | \"offset\":300000,\"offsetExpr\":null",
            "foo offset -min_of(5s,step()+8s)  | \"offset\":0,\"offsetExpr\":{\"lhs\":null,\"op\":\"-\",\"rhs\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"5\"},\"op\":\"min_of\",\"rhs\":{\"lhs\":{\"lhs\":null,\"op\":\"step\",\"rhs\":null,\"type\":\"durationExpr\",\"wrapped\":false},\"op\":\"+\",\"rhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"8\"},\"type\":\"durationExpr\",\"wrapped\":false},\"type\":\"durationExpr\",\"wrapped\":false},\"type\":\"durationExpr\",\"wrapped\":false}",
            // Literals under parentheses and minus signs fold into plain milliseconds, as in Prometheus's grammar.
            "foo offset -(5m)                  | \"offset\":-300000,\"offsetExpr\":null",
            "foo[(5m)]                         | \"range\":300000,\"rangeExpr\":null",
            "foo offset -(step())              | \"offsetExpr\":{\"lhs\":null,\"op\":\"-\",\"rhs\":{\"lhs\":null,\"op\":\"step\",\"rhs\":null,\"type\":\"durationExpr\",\"wrapped\":true},\"type\":\"durationExpr\",\"wrapped\":false}",
            "foo[(5m * -(2))]                  | \"rangeExpr\":{\"lhs\":{\"duration\":true,\"type\":\"numberLiteral\",\"val\":\"300\"},\"op\":\"*\",\"rhs\":{\"duration\":false,\"type\":\"numberLiteral\",\"val\":\"-2\"},\"type\":\"durationExpr\",\"wrapped\":true}",
            "foo[1m] anchored                  | {\"anchored\":true,",
            "foo[1m] smoothed                  | \"smoothed\":true,",
    })
    void writesDurationExpressionsAsPrometheusDoes(String query, String fragment) {
        assertThat(ast(query)).contains(fragment);
    }

    @Test
    void writesVeryLongOperatorChains() {
        StringBuilder query = new StringBuilder("m0");
        for (int i = 1; i < 20_000; i++) {
            query.append(" + ").append(i);
        }
        String json = ast(query.toString());
        assertThat(json).startsWith("{\"bool\":false,\"lhs\":".repeat(19_999) + selector("m0"));
        assertThat(json).endsWith("\"rhs\":{\"type\":\"numberLiteral\",\"val\":\"19999\"},\"type\":\"binaryExpr\"}");
    }

    @Test
    void refusesFillValuesThatAreNotFinite() {
        Expr expr = PARSER.parseExpr("a + fill(-Inf) b");
        assertThatThrownBy(() -> AstJson.checkWritable(expr)).hasMessage("unsupported value: -Inf");
        AstJson.checkWritable(PARSER.parseExpr("a + fill(1) b"));
    }

    private static String selector(String name) {
        return "{\"anchored\":false,\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"" + name + "\"}],"
                + "\"name\":\"" + name + "\",\"offset\":0,\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,"
                + "\"timestamp\":null,\"type\":\"vectorSelector\"}";
    }

    private static String ast(String query) {
        Expr expr = PARSER.parseExpr(query);
        return Json.render(out -> AstJson.write(out, expr));
    }
}
