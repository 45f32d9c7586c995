package io.amphora.model;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TenantIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "team-a", "Team_B.prod", "ws-0123456789", "!-_.*'()", "..a", "a..", "..."})
    void acceptsCortexTenantIds(String value) {
        assertThat(TenantId.of(value).value()).isEqualTo(value);
        assertThat(TenantId.of(value)).hasToString(value);
    }

    @Test
    void acceptsTheMaximumLength() {
        String longest = "a".repeat(TenantId.MAX_LENGTH);

        assertThat(TenantId.of(longest).value()).hasSize(150);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments(Named.of("empty", ""), "tenant id is empty"),
                arguments(Named.of("one character too long", "a".repeat(151)), "too long"),
                arguments(Named.of("a single dot", "."), "not allowed"),
                arguments(Named.of("two dots", ".."), "not allowed"),
                arguments(Named.of("a slash, which would escape a path", "a/b"), "unsupported character '/'"),
                arguments(Named.of("a space", "a b"), "unsupported character ' '"),
                arguments(Named.of("a NUL byte, which key layouts rely on never seeing", "a\0"),
                        "unsupported character"),
                arguments(Named.of("a pipe, the federation separator", "a|b"), "unsupported character '|'"),
                arguments(Named.of("a non-ASCII letter", "é"), "unsupported character 'é'"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsInvalidTenantIds(String value, String reason) {
        assertThatThrownBy(() -> TenantId.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new TenantId(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value is null");
    }

    @Test
    void equalIdsAreEqual() {
        assertThat(TenantId.of("team-a")).isEqualTo(new TenantId("team-a"));
        assertThat(TenantId.of("team-a").hashCode()).isEqualTo(new TenantId("team-a").hashCode());
        assertThat(TenantId.of("team-a")).isNotEqualTo(TenantId.of("team-A"));
    }
}
