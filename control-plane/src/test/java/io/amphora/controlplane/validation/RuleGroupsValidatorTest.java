package io.amphora.controlplane.validation;

import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleGroupsValidatorTest {
    private final PromqlParser parser = new PromqlParser(ParserOptions.defaults());
    private final RuleGroupsValidator validator = new RuleGroupsValidator(parser);

    @Test
    void acceptsARuleFileWithEveryFieldPrometheusKnows() {
        assertValid("""
                groups:
                  - name: api
                    interval: 30s
                    query_offset: 1m
                    limit: 10
                    labels:
                      team: platform
                    rules:
                      - record: job:http_requests:rate5m
                        expr: sum by (job) (rate(http_requests_total[5m]))
                        labels:
                          source: recording
                      - alert: HighErrorRate
                        expr: job:http_requests:rate5m{code=~"5.."} > 0.1
                        for: 10m
                        keep_firing_for: 5m
                        labels:
                          severity: page
                        annotations:
                          summary: "Errors on {{ $labels.job }}"
                  - name: empty
                    rules: []
                """);
    }

    @Test
    void acceptsAnEmptyFileAsPrometheusDoes() {
        assertValid("");
        assertValid("# only a comment\n");
        assertValid("groups: []\n");
    }

    @Test
    void reportsAnExpressionThatDoesNotParseAtItsPositionWithTheParsersMessage() {
        String expected = "6:15: group \"api\", rule 1, \"HighErrors\": could not parse expression: "
                + parseError("up ===== 0");

        assertProblems("""
                groups:
                  - name: api
                    rules:
                      - alert: HighErrors
                        for: 5m
                        expr: up ===== 0
                """, expected);
    }

    @Test
    void reportsEveryRuleProblemNotJustTheFirst() {
        assertProblems("""
                groups:
                  - name: g
                    rules:
                      - record: a
                        expr: sum(
                      - record: b
                        expr: sum(
                """,
                "5:15: group \"g\", rule 1, \"a\": could not parse expression: " + parseError("sum("),
                "7:15: group \"g\", rule 2, \"b\": could not parse expression: " + parseError("sum("));
    }

    @Test
    void refusesAnExpressionNestedTooDeeplyForTheParserWithoutFailing() {
        String deep = "(".repeat(200_000) + "1" + ")".repeat(200_000);

        assertProblems("groups:\n  - name: g\n    rules:\n      - record: r\n        expr: " + deep + "\n",
                "5:15: group \"g\", rule 1, \"r\": could not parse expression: the expression nests too deeply to be "
                        + "parsed");
    }

    @Test
    void refusesRepeatedAndEmptyGroupNames() {
        assertProblems("""
                groups:
                  - name: yolo
                    rules: []
                  - name: yolo
                    rules: []
                  - rules: []
                """,
                "4:5: groupname: \"yolo\" is repeated in the same file",
                "6:5: Groupname must not be empty");
    }

    @Test
    void refusesRulesWithBothOrNeitherOfRecordAndAlert() {
        assertProblems("""
                groups:
                  - name: g
                    rules:
                      - record: r
                        alert: A
                        expr: up
                      - expr: up
                """,
                "4:17: 5:16: group \"g\", rule 1, \"A\": only one of 'record' and 'alert' must be set",
                "0:0: 0:0: group \"g\", rule 2, \"\": one of 'record' or 'alert' must be set");
    }

    @Test
    void refusesARuleWithoutExpression() {
        assertProblems("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                """, "0:0: group \"g\", rule 1, \"A\": field 'expr' must be set in rule");
    }

    @Test
    void refusesAlertingFieldsOnRecordingRulesAndInvalidRecordNames() {
        assertProblems("""
                groups:
                  - name: g
                    rules:
                      - record: job:up
                        expr: up
                        for: 5m
                        keep_firing_for: 1m
                        annotations:
                          summary: no
                      - record: bad-name
                        expr: up
                      - record: strawberry{flavor="sweet"}
                        expr: up
                """,
                "4:17: group \"g\", rule 1, \"job:up\": invalid field 'annotations' in recording rule",
                "4:17: group \"g\", rule 1, \"job:up\": invalid field 'for' in recording rule",
                "4:17: group \"g\", rule 1, \"job:up\": invalid field 'keep_firing_for' in recording rule",
                "10:17: group \"g\", rule 2, \"bad-name\": invalid recording rule name: bad-name",
                "12:17: group \"g\", rule 3, \"strawberry{flavor=\\\"sweet\\\"}\": invalid recording rule name: "
                        + "strawberry{flavor=\"sweet\"}",
                "12:17: group \"g\", rule 3, \"strawberry{flavor=\\\"sweet\\\"}\": braces present in the recording "
                        + "rule name; should it be in expr?: strawberry{flavor=\"sweet\"}");
    }

    @Test
    void refusesInvalidLabelAndAnnotationNames() {
        assertProblems("""
                groups:
                  - name: g
                    labels:
                      0team: x
                    rules:
                      - alert: A
                        expr: up
                        labels:
                          __name__: x
                          bad-label: y
                        annotations:
                          bad.annotation: z
                """,
                "invalid label name: 0team",
                "group \"g\", rule 1, \"A\": invalid label name: __name__",
                "group \"g\", rule 1, \"A\": invalid label name: bad-label",
                "group \"g\", rule 1, \"A\": invalid annotation name: bad.annotation");
    }

    @Test
    void reportsUnknownFieldsAsYamlUnmarshalErrors() {
        assertProblems("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: up
                        annotation:
                          summary: typo
                    evaluation_interval: 1m
                top: level
                """, """
                yaml: unmarshal errors:
                  line 6: field annotation not found in type rulefmt.Rule
                  line 8: field evaluation_interval not found in type rulefmt.RuleGroup
                  line 9: field top not found in type rulefmt.RuleGroups""");
    }

    @Test
    void reportsValuesOfTheWrongKindRepeatedKeysAndBadDurations() {
        assertProblems("""
                groups:
                  - name: g
                    limit: ten
                    interval: 5x
                    rules:
                      alert: A
                  - name: h
                    rules:
                      - alert: B
                        expr: up
                        expr: down
                        for: [5m]
                """, """
                yaml: unmarshal errors:
                  line 3: cannot unmarshal !!str `ten` into int
                  line 4: unknown unit "x" in duration "5x"
                  line 6: cannot unmarshal !!map into []rulefmt.Rule
                  line 11: mapping key "expr" already defined at line 10
                  line 12: cannot unmarshal !!seq into string""");
    }

    @Test
    void refusesADocumentThatIsNotARuleFile() {
        assertProblems("- a\n- b\n", """
                yaml: unmarshal errors:
                  line 1: cannot unmarshal !!seq into rulefmt.RuleGroups""");
        assertProblems("groups: 5\n", """
                yaml: unmarshal errors:
                  line 1: cannot unmarshal !!int `5` into []rulefmt.RuleGroup""");
    }

    @Test
    void refusesYamlSyntaxErrorsSeveralDocumentsAndBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> validator.validate(bytes("groups:\n  - name: [unclosed\n")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("yaml: line ");
        assertThatThrownBy(() -> validator.validate(bytes("groups: []\n---\ngroups: []\n")))
                .hasMessageContaining("more than one YAML document");
        assertThatThrownBy(() -> validator.validate(new byte[] {'g', (byte) 0xff, ':'}))
                .hasMessage("yaml: invalid leading UTF-8 octet");
    }

    @Test
    void survivesAliasBombsWithoutExpandingThem() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + previous + ", ").repeat(9)).append('*').append(previous).append("]\n");
            previous = c;
        }

        assertThatThrownBy(() -> validator.validate(bytes(bomb.toString())))
                .isInstanceOf(InvalidDefinitionException.class);
    }

    private String parseError(String expr) {
        try {
            parser.parseExpr(expr);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError(expr + " parses");
    }

    private void assertValid(String yaml) {
        assertThatCode(() -> validator.validate(bytes(yaml))).doesNotThrowAnyException();
    }

    private void assertProblems(String yaml, String... problems) {
        assertThatThrownBy(() -> validator.validate(bytes(yaml)))
                .isInstanceOfSatisfying(InvalidDefinitionException.class,
                        e -> assertThat(e.problems()).containsExactly(problems));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
