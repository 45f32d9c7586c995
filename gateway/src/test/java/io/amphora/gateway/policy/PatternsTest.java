package io.amphora.gateway.policy;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PatternsTest {
    private static final String WORKSPACE = "arn:aws:aps:us-east-1:123456789012:workspace/ws-1";
    private static final String NAMESPACE = "arn:aws:aps:us-east-1:123456789012:rulegroupsnamespace/ws-1/rules:v1/x";

    static Stream<Arguments> actions() {
        return Stream.of(
                arguments(Named.of("everything", "*"), "aps:QueryMetrics", true),
                arguments(Named.of("exact", "aps:QueryMetrics"), "aps:QueryMetrics", true),
                arguments(Named.of("case-insensitive", "APS:querymetrics"), "aps:QueryMetrics", true),
                arguments(Named.of("service wildcard", "aps:*"), "aps:RemoteWrite", true),
                arguments(Named.of("prefix wildcard", "aps:Get*"), "aps:GetLabels", true),
                arguments(Named.of("prefix wildcard, other action", "aps:Get*"), "aps:QueryMetrics", false),
                arguments(Named.of("single-character wildcard", "aps:GetSerie?"), "aps:GetSeries", true),
                arguments(Named.of("single-character wildcard needs a character", "aps:GetSeries?"), "aps:GetSeries", false),
                arguments(Named.of("infix wildcard", "aps:*AlertManager*"), "aps:PutAlertManagerSilences", true),
                arguments(Named.of("other service", "s3:*"), "aps:QueryMetrics", false),
                arguments(Named.of("service prefix is not a wildcard", "ap:*"), "aps:QueryMetrics", false));
    }

    @ParameterizedTest
    @MethodSource("actions")
    void matchesActions(String pattern, String action, boolean matches) {
        assertThat(new ActionPattern(pattern).matches(action)).isEqualTo(matches);
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                arguments(Named.of("everything", "*"), WORKSPACE, true),
                arguments(Named.of("everything, even the no-resource marker", "*"), "*", true),
                arguments(Named.of("exact", WORKSPACE), WORKSPACE, true),
                arguments(Named.of("case-sensitive", "arn:aws:aps:us-east-1:123456789012:workspace/WS-1"), WORKSPACE, false),
                arguments(Named.of("any workspace", "arn:aws:aps:us-east-1:123456789012:workspace/*"), WORKSPACE, true),
                arguments(Named.of("workspace prefix", "arn:aws:aps:us-east-1:123456789012:workspace/ws-?"), WORKSPACE, true),
                arguments(Named.of("another workspace", "arn:aws:aps:us-east-1:123456789012:workspace/ws-2"), WORKSPACE, false),
                arguments(Named.of("any region", "arn:aws:aps:*:123456789012:workspace/ws-1"), WORKSPACE, true),
                arguments(Named.of("region wildcard cannot reach into the account",
                        "arn:aws:aps:*:workspace/ws-1"), WORKSPACE, false),
                arguments(Named.of("a trailing wildcard reaches through later fields", "arn:aws:aps:*"), WORKSPACE, true),
                arguments(Named.of("a trailing wildcard after text", "arn:aws:aps:us-*"), WORKSPACE, true),
                arguments(Named.of("an early field without wildcard", "arn:aws:s3"), WORKSPACE, false),
                arguments(Named.of("resource field wildcard spans slashes and colons",
                        "arn:aws:aps:us-east-1:123456789012:rulegroupsnamespace/ws-1/*"), NAMESPACE, true),
                arguments(Named.of("workspace pattern does not cover its namespaces",
                        "arn:aws:aps:us-east-1:123456789012:workspace/*"), NAMESPACE, false),
                arguments(Named.of("an ARN does not cover the no-resource marker",
                        "arn:aws:aps:us-east-1:123456789012:*"), "*", false),
                arguments(Named.of("other account", "arn:aws:aps:us-east-1:999999999999:workspace/*"), WORKSPACE, false));
    }

    @ParameterizedTest
    @MethodSource("resources")
    void matchesResources(String pattern, String resource, boolean matches) {
        assertThat(new ResourcePattern(pattern).matches(resource)).isEqualTo(matches);
    }

    @Test
    void refusesMalformedPatterns() {
        assertThatThrownBy(() -> new ActionPattern("QueryMetrics")).hasMessage(
                "action must be '*' or 'service:action', got 'QueryMetrics'");
        assertThatThrownBy(() -> new ActionPattern("aps:Query Metrics")).hasMessage(
                "action contains an invalid character: 'aps:Query Metrics'");
        assertThatThrownBy(() -> new ActionPattern("aps:a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResourcePattern("workspace/ws-1")).hasMessage(
                "resource must be '*' or an ARN, got 'workspace/ws-1'");
    }

    @Test
    void matchesLongInputsWithManyWildcardsQuickly() {
        String text = "a".repeat(10_000);
        String pattern = "*a*a*a*a*a*a*a*a*a*a*b";

        assertThat(Wildcards.matches(pattern, text, false)).isFalse();
    }
}
