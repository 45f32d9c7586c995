package io.amphora.gateway.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParserTest {
    @Test
    void readsAStatementListWithEveryElement() {
        PolicyDocument document = PolicyParser.parseJson("""
                {
                  "Version": "2012-10-17",
                  "Id": "workspace-one",
                  "Statement": [
                    {"Sid": "Read", "Effect": "Allow", "Action": ["aps:QueryMetrics", "aps:Get*"],
                     "Resource": "arn:aws:aps:us-east-1:123456789012:workspace/ws-1"},
                    {"Effect": "Deny", "NotAction": "aps:RemoteWrite", "NotResource": ["arn:aws:aps:*:*:workspace/ws-2"]}
                  ]
                }""");

        assertThat(document).isEqualTo(new PolicyDocument("2012-10-17", List.of(
                new Statement(Optional.of("Read"), Effect.ALLOW, false,
                        List.of(new ActionPattern("aps:QueryMetrics"), new ActionPattern("aps:Get*")), false,
                        List.of(new ResourcePattern("arn:aws:aps:us-east-1:123456789012:workspace/ws-1"))),
                new Statement(Optional.empty(), Effect.DENY, true, List.of(new ActionPattern("aps:RemoteWrite")), true,
                        List.of(new ResourcePattern("arn:aws:aps:*:*:workspace/ws-2"))))));
    }

    @Test
    void readsASingleStatementObjectAndDefaultsTheVersion() {
        PolicyDocument document = PolicyParser.parse(Map.of("Statement",
                Map.of("Effect", "Allow", "Action", "aps:*", "Resource", "*")));

        assertThat(document.version()).isEqualTo("2008-10-17");
        assertThat(document.statements()).singleElement().satisfies(statement -> {
            assertThat(statement.effect()).isEqualTo(Effect.ALLOW);
            assertThat(statement.matches("aps:RemoteWrite", "arn:aws:aps:us-east-1:1:workspace/x")).isTrue();
        });
    }

    @Test
    void refusesWhatWouldWidenOrSilentlyChangeAccess() {
        assertInvalid("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "aps:*", "Resource": "*",
                 "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}""",
                "Statement: Condition is not supported by Amphora; express the restriction with Action and Resource instead");
        assertInvalid("""
                {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "aps:*", "Resource": "*"}}""",
                "Statement: Principal is not allowed in an identity-based policy");
        assertInvalid("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "aps:*",
                 "Resource": "arn:aws:aps:*:*:workspace/${aws:username}"}}""",
                "Statement.Resource: policy variables are not supported by Amphora, got"
                        + " 'arn:aws:aps:*:*:workspace/${aws:username}'");
        assertInvalid("""
                {"Statement": {"effect": "Allow", "Action": "aps:*", "Resource": "*"}}""",
                "Statement has an unknown element 'effect' (element names are case-sensitive; known: [Action, Condition,"
                        + " Effect, NotAction, NotPrincipal, NotResource, Principal, Resource, Sid])");
    }

    @Test
    void explainsGrammarErrorsWithTheirPlace() {
        assertInvalid("{\"Statement\": [{\"Effect\": \"allow\", \"Action\": \"aps:*\", \"Resource\": \"*\"}]}",
                "Statement[0].Effect must be Allow or Deny, got 'allow'");
        assertInvalid("{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"*\"}]}",
                "Statement[0] must have exactly one of Action and NotAction");
        assertInvalid("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"aps:*\", \"NotAction\": \"aps:x\","
                        + " \"Resource\": \"*\"}]}",
                "Statement[0] must have exactly one of Action and NotAction");
        assertInvalid("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}]}",
                "Statement[0].Action must not be an empty list");
        assertInvalid("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"aps:*\", 7], \"Resource\": \"*\"}]}",
                "Statement[0].Action[1] must be a string, got the integer 7");
        assertInvalid("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"QueryMetrics\", \"Resource\": \"*\"}]}",
                "Statement[0].Action: action must be '*' or 'service:action', got 'QueryMetrics'");
        assertInvalid("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"aps:*\", \"Resource\": \"ws-1\"}]}",
                "Statement[0].Resource: resource must be '*' or an ARN, got 'ws-1'");
        assertInvalid("{\"Version\": \"2012-10-18\", \"Statement\": []}",
                "Version must be \"2012-10-17\" or \"2008-10-17\", got '2012-10-18'");
        assertInvalid("{\"Version\": \"2012-10-17\"}", "Statement is missing");
        assertInvalid("{\"Statement\": [{\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": \"aps:*\", \"Resource\": \"*\"},"
                        + " {\"Sid\": \"A\", \"Effect\": \"Deny\", \"Action\": \"aps:*\", \"Resource\": \"*\"}]}",
                "Statement[1].Sid 'A' is not unique in the policy");
        assertInvalid("[1, 2]", "the policy document must be an object, got a list");
    }

    @Test
    void refusesJsonThatIsNotValid() {
        assertThatThrownBy(() -> PolicyParser.parseJson("{\"Statement\": "))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("not valid JSON: ");
        assertThatThrownBy(() -> PolicyParser.parseJson("{\"Version\": \"2012-10-17\", \"Version\": \"2008-10-17\","
                + " \"Statement\": []}"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("not valid JSON: Duplicate Object property \"Version\" (line 1, column 36)");
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> PolicyParser.parseJson(json)).isInstanceOf(InvalidPolicyException.class)
                .hasMessage(message);
    }
}
