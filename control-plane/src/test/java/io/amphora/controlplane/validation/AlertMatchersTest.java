package io.amphora.controlplane.validation;

import io.amphora.model.MatchType;
import io.amphora.model.Matcher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertMatchersTest {
    @Test
    void parsesEveryOperatorQuotedAndBareValuesWithOrWithoutBraces() {
        assertThat(AlertMatchers.parse("severity=\"critical\"")).containsExactly(Matcher.equal("severity", "critical"));
        assertThat(AlertMatchers.parse("{team=~\"db|web\", env != dev , job!~\"x.*\"}")).containsExactly(
                Matcher.regex("team", "db|web"), Matcher.notEqual("env", "dev"), Matcher.notRegex("job", "x.*"));
        assertThat(AlertMatchers.parse("  a=b,  ")).containsExactly(Matcher.equal("a", "b"));
        assertThat(AlertMatchers.parse("{}")).isEmpty();
    }

    @Test
    void decodesEscapesAndQuotedNames() {
        List<Matcher> matchers = AlertMatchers.parse("\"service name\"=\"say \\\"hi\\\"\\n\"");

        assertThat(matchers).hasSize(1);
        assertThat(matchers.getFirst().type()).isEqualTo(MatchType.EQUAL);
        assertThat(matchers.getFirst().name()).isEqualTo("service name");
        assertThat(matchers.getFirst().value()).isEqualTo("say \"hi\"\n");
    }

    @Test
    void refusesMalformedMatchers() {
        assertThatThrownBy(() -> AlertMatchers.parse("a")).hasMessage("bad matcher format: a: expected one of =, !=, "
                + "=~, !~ at position 1");
        assertThatThrownBy(() -> AlertMatchers.parse("{a=b")).hasMessage("bad matcher format: {a=b: missing closing '}'");
        assertThatThrownBy(() -> AlertMatchers.parse("a=b}")).hasMessage("bad matcher format: a=b}: missing opening '{'");
        assertThatThrownBy(() -> AlertMatchers.parse("a=\"b\" c=d")).hasMessageStartingWith("bad matcher format: "
                + "a=\"b\" c=d: expected ',' after a matcher");
        assertThatThrownBy(() -> AlertMatchers.parse("a=b\"c")).hasMessageContaining("unexpected '\"'");
        assertThatThrownBy(() -> AlertMatchers.parse("a=~\"[\"")).hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> AlertMatchers.parse("\"\"=x")).hasMessageContaining("empty label name");
        assertThatThrownBy(() -> AlertMatchers.parse("a=\"\\q\"")).hasMessageContaining("invalid escape");
    }
}
