package io.amphora.gateway.policy;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.amphora.gateway.policy.AccessDecision.Outcome.ALLOWED;
import static io.amphora.gateway.policy.AccessDecision.Outcome.EXPLICIT_DENY;
import static io.amphora.gateway.policy.AccessDecision.Outcome.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyEvaluatorTest {
    private static final String WS1 = "arn:aws:aps:us-east-1:123456789012:workspace/ws-1";
    private static final String WS2 = "arn:aws:aps:us-east-1:123456789012:workspace/ws-2";

    private static final AttachedPolicy READ_WS1 = policy("ReadWorkspaceOne", """
            {"Version": "2012-10-17", "Statement": {"Sid": "ReadOne", "Effect": "Allow",
             "Action": ["aps:QueryMetrics", "aps:Get*"], "Resource": "%s"}}""".formatted(WS1));
    private static final AttachedPolicy DENY_DELETES = policy("NoDeletes", """
            {"Version": "2012-10-17", "Statement": {"Sid": "NoDeletes", "Effect": "Deny", "Action": "aps:Delete*",
             "Resource": "*"}}""");
    private static final AttachedPolicy ALL_BUT_WRITES = policy("AllButWrites", """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "aps:RemoteWrite", "Resource": "*"}}""");
    private static final AttachedPolicy EVERYWHERE_BUT_WS2 = policy("EverywhereButTwo", """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "aps:*", "NotResource": "%s"}}"""
            .formatted(WS2));
    private static final AttachedPolicy FULL = ManagedPolicies.byName(ManagedPolicies.FULL_ACCESS).orElseThrow();
    private static final AttachedPolicy WRITE = ManagedPolicies.byName(ManagedPolicies.REMOTE_WRITE_ACCESS).orElseThrow();
    private static final AttachedPolicy QUERY = ManagedPolicies.byName(ManagedPolicies.QUERY_ACCESS).orElseThrow();

    static Stream<Arguments> decisions() {
        return Stream.of(
                arguments(Named.of("no policies deny implicitly", List.of()), "aps:QueryMetrics", WS1, IMPLICIT_DENY),
                arguments(Named.of("allowed action on its resource", List.of(READ_WS1)), "aps:GetLabels", WS1, ALLOWED),
                arguments(Named.of("allowed action elsewhere", List.of(READ_WS1)), "aps:GetLabels", WS2, IMPLICIT_DENY),
                arguments(Named.of("action not listed", List.of(READ_WS1)), "aps:RemoteWrite", WS1, IMPLICIT_DENY),
                arguments(Named.of("deny beats allow", List.of(FULL, DENY_DELETES)), "aps:DeleteWorkspace", WS1,
                        EXPLICIT_DENY),
                arguments(Named.of("deny beats allow in any order", List.of(DENY_DELETES, FULL)), "aps:DeleteWorkspace",
                        WS1, EXPLICIT_DENY),
                arguments(Named.of("deny only what it names", List.of(FULL, DENY_DELETES)), "aps:DescribeWorkspace", WS1,
                        ALLOWED),
                arguments(Named.of("a deny alone does not allow the rest", List.of(DENY_DELETES)),
                        "aps:DescribeWorkspace", WS1, IMPLICIT_DENY),
                arguments(Named.of("NotAction allows other actions", List.of(ALL_BUT_WRITES)), "aps:QueryMetrics", WS1,
                        ALLOWED),
                arguments(Named.of("NotAction excludes its action", List.of(ALL_BUT_WRITES)), "aps:RemoteWrite", WS1,
                        IMPLICIT_DENY),
                arguments(Named.of("NotResource allows other resources", List.of(EVERYWHERE_BUT_WS2)), "aps:RemoteWrite",
                        WS1, ALLOWED),
                arguments(Named.of("NotResource excludes its resource", List.of(EVERYWHERE_BUT_WS2)), "aps:RemoteWrite",
                        WS2, IMPLICIT_DENY),
                arguments(Named.of("full access allows control plane", List.of(FULL)), "aps:CreateWorkspace",
                        "arn:aws:aps:us-east-1:123456789012:workspace/*", ALLOWED),
                arguments(Named.of("full access allows actions without resource", List.of(FULL)), "aps:ListWorkspaces",
                        "*", ALLOWED),
                arguments(Named.of("remote write access writes", List.of(WRITE)), "aps:RemoteWrite", WS1, ALLOWED),
                arguments(Named.of("remote write access cannot query", List.of(WRITE)), "aps:QueryMetrics", WS1,
                        IMPLICIT_DENY),
                arguments(Named.of("query access queries", List.of(QUERY)), "aps:QueryMetrics", WS1, ALLOWED),
                arguments(Named.of("query access reads series", List.of(QUERY)), "aps:GetSeries", WS1, ALLOWED),
                arguments(Named.of("query access reads labels", List.of(QUERY)), "aps:GetLabels", WS1, ALLOWED),
                arguments(Named.of("query access reads metadata", List.of(QUERY)), "aps:GetMetricMetadata", WS1, ALLOWED),
                arguments(Named.of("query access cannot list rules", List.of(QUERY)), "aps:ListRules", WS1, IMPLICIT_DENY),
                arguments(Named.of("query access cannot write", List.of(QUERY)), "aps:RemoteWrite", WS1, IMPLICIT_DENY));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void evaluatesLikeIam(List<AttachedPolicy> policies, String action, String resource, AccessDecision.Outcome outcome) {
        assertThat(PolicyEvaluator.evaluate(policies, action, resource).outcome()).isEqualTo(outcome);
    }

    @Test
    void reportsTheDecidingPolicyAndStatement() {
        assertThat(PolicyEvaluator.evaluate(List.of(FULL, DENY_DELETES), "aps:DeleteWorkspace", WS1)).isEqualTo(
                new AccessDecision(EXPLICIT_DENY, Optional.of("NoDeletes"), Optional.of("NoDeletes")));
        assertThat(PolicyEvaluator.evaluate(List.of(READ_WS1, FULL), "aps:QueryMetrics", WS1)).isEqualTo(
                new AccessDecision(ALLOWED, Optional.of("ReadWorkspaceOne"), Optional.of("ReadOne")));
        assertThat(PolicyEvaluator.evaluate(List.of(FULL), "aps:QueryMetrics", WS1)).isEqualTo(
                new AccessDecision(ALLOWED, Optional.of("AmazonPrometheusFullAccess"), Optional.of("AllPrometheusActions")));
    }

    @Test
    void wordsDenialsAsIamDoes() {
        String user = "arn:aws:iam::123456789012:user/bob";

        assertThat(PolicyEvaluator.evaluate(List.of(QUERY), "aps:RemoteWrite", WS1)
                .denialMessage(user, "aps:RemoteWrite", WS1)).isEqualTo("User: arn:aws:iam::123456789012:user/bob is not"
                + " authorized to perform: aps:RemoteWrite on resource: " + WS1
                + " because no identity-based policy allows the aps:RemoteWrite action");
        assertThat(PolicyEvaluator.evaluate(List.of(FULL, DENY_DELETES), "aps:DeleteWorkspace", WS1)
                .denialMessage(user, "aps:DeleteWorkspace", WS1)).isEqualTo("User: arn:aws:iam::123456789012:user/bob is"
                + " not authorized to perform: aps:DeleteWorkspace on resource: " + WS1
                + " with an explicit deny in an identity-based policy");
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(List.of(FULL), "aps:QueryMetrics", WS1)
                .denialMessage(user, "aps:QueryMetrics", WS1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void knowsTheManagedPoliciesByExactName() {
        assertThat(ManagedPolicies.names()).containsExactlyInAnyOrder("AmazonPrometheusFullAccess",
                "AmazonPrometheusRemoteWriteAccess", "AmazonPrometheusQueryAccess");
        assertThat(ManagedPolicies.byName("amazonprometheusfullaccess")).isEmpty();
        assertThat(QUERY.document().statements()).singleElement().satisfies(statement ->
                assertThat(statement.actions()).extracting(ActionPattern::pattern).containsExactly(
                        "aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics"));
        assertThat(WRITE.document().statements()).singleElement().satisfies(statement ->
                assertThat(statement.actions()).extracting(ActionPattern::pattern).containsExactly("aps:RemoteWrite"));
    }

    private static AttachedPolicy policy(String name, String json) {
        return new AttachedPolicy(name, PolicyParser.parseJson(json));
    }
}
