package io.amphora.gateway.credentials;

import io.amphora.gateway.policy.AccessDecision;
import io.amphora.gateway.policy.AttachedPolicy;
import io.amphora.gateway.policy.PolicyEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsFileTest {
    private static final String ACCOUNT = "123456789012";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String WS1 = "arn:aws:aps:us-east-1:123456789012:workspace/ws-1";
    private static final String WS2 = "arn:aws:aps:us-east-1:123456789012:workspace/ws-2";

    @TempDir
    Path temp;

    @Test
    void readsPrincipalsKeysAndEveryKindOfPolicy() throws Exception {
        Path file = temp.resolve("credentials.yaml");
        Files.writeString(file, """
                policies:
                  ReadWorkspaceOne:
                    Version: 2012-10-17
                    Statement:
                      - Sid: ReadOne
                        Effect: Allow
                        Action: [aps:QueryMetrics, "aps:Get*"]
                        Resource: %s
                principals:
                  - name: grafana
                    accessKeys:
                      - accessKeyId: AKIAGRAFANA000000001
                        secretAccessKey: "%s"
                      - accessKeyId: AKIAGRAFANA000000002
                        secretAccessKey: 0123456789012345678901234567890123456789
                    managedPolicies: [AmazonPrometheusQueryAccess, ReadWorkspaceOne]
                    inlinePolicies:
                      NoSecondWorkspace: |
                        {"Version": "2012-10-17",
                         "Statement": {"Effect": "Deny", "Action": "aps:*", "Resource": "%s"}}
                  - name: prometheus@edge
                    accessKeys:
                      - {accessKeyId: AKIAPROMETHEUS000001, secretAccessKey: "prometheus-secret-0001"}
                    managedPolicies: [AmazonPrometheusRemoteWriteAccess]
                """.formatted(WS1, SECRET, WS2));

        IdentitySnapshot snapshot = CredentialsFile.load(file, ACCOUNT);

        assertThat(snapshot.size()).isEqualTo(3);
        Credential grafana = snapshot.findByAccessKeyId("AKIAGRAFANA000000001").orElseThrow();
        assertThat(grafana.accessKey().secret().matches(SECRET)).isTrue();
        assertThat(grafana.identity().principal().arn()).isEqualTo("arn:aws:iam::123456789012:user/grafana");
        assertThat(grafana.identity().policies()).extracting(AttachedPolicy::name)
                .containsExactly("AmazonPrometheusQueryAccess", "ReadWorkspaceOne", "NoSecondWorkspace");
        assertThat(snapshot.findByAccessKeyId("AKIAGRAFANA000000002").orElseThrow().identity())
                .isEqualTo(grafana.identity());
        assertThat(snapshot.findByAccessKeyId("AKIAGRAFANA000000002").orElseThrow().accessKey().secret()
                .matches("0123456789012345678901234567890123456789")).isTrue();
        assertThat(decide(grafana, "aps:QueryMetrics", WS1)).isEqualTo(AccessDecision.Outcome.ALLOWED);
        assertThat(decide(grafana, "aps:QueryMetrics", WS2)).isEqualTo(AccessDecision.Outcome.EXPLICIT_DENY);
        assertThat(decide(grafana, "aps:RemoteWrite", WS1)).isEqualTo(AccessDecision.Outcome.IMPLICIT_DENY);
        Credential prometheus = snapshot.findByAccessKeyId("AKIAPROMETHEUS000001").orElseThrow();
        assertThat(prometheus.identity().principal().name()).isEqualTo("prometheus@edge");
        assertThat(decide(prometheus, "aps:RemoteWrite", WS2)).isEqualTo(AccessDecision.Outcome.ALLOWED);
        assertThat(snapshot.findByAccessKeyId("AKIAUNKNOWN000000000")).isEmpty();
    }

    @Test
    void keepsEveryScalarAString() {
        IdentitySnapshot snapshot = CredentialsFile.parse("""
                principals:
                  - name: "007"
                    accessKeys:
                      - accessKeyId: AKIA0123456789012345
                        secretAccessKey: 0123456789012345
                """, "inline", ACCOUNT);

        Credential credential = snapshot.findByAccessKeyId("AKIA0123456789012345").orElseThrow();
        assertThat(credential.identity().principal().name()).isEqualTo("007");
        assertThat(credential.accessKey().secret().matches("0123456789012345")).isTrue();
    }

    @Test
    void namesTheFileAndTheProblemWithoutTheSecret() {
        assertInvalid("""
                principals:
                  - name: alice
                    accessKeys:
                      - accessKeyId: AKIAALICE00000000001
                        secretAccessKey: short
                """, "credentials file creds.yaml: principals[0] (alice).accessKeys[0]"
                + " (AKIAALICE00000000001).secretAccessKey: a secret access key must be 16 to 128 characters long, got 5");
        assertInvalid(principal("alice", "AKIAALICE00000000001", "managedPolicies: [AmazonPrometheusReadOnly]"),
                "credentials file creds.yaml: principals[0] (alice).managedPolicies[0]: unknown policy"
                        + " 'AmazonPrometheusReadOnly'; known: AWS managed [AmazonPrometheusFullAccess,"
                        + " AmazonPrometheusQueryAccess, AmazonPrometheusRemoteWriteAccess] and the file's 'policies' []");
        assertInvalid(principal("alice", "AKIAALICE00000000001", "managedpolicies: [AmazonPrometheusFullAccess]"),
                "credentials file creds.yaml: principals[0] has an unknown key 'managedpolicies'; known: [accessKeys,"
                        + " inlinePolicies, managedPolicies, name]");
        assertInvalid(principal("alice", "AKIAALICE00000000001", """
                inlinePolicies:
                      Broken: {"Statement": {"Effect": "Allow", "Action": "aps:*"}}"""),
                "credentials file creds.yaml: principals[0] (alice).inlinePolicies.Broken: Statement must have exactly"
                        + " one of Resource and NotResource");
        assertInvalid(principal("alice", "short-id", ""),
                "credentials file creds.yaml: principals[0] (alice).accessKeys[0].accessKeyId must be 16 to 128"
                        + " letters, digits or underscores, got 'short-id'");
        assertInvalid(principal("alice", "AKIAALICE00000000001", "") + principal("bob", "AKIAALICE00000000001", "")
                        .replace("principals:\n", ""),
                "credentials file creds.yaml: principals[1] (bob): access key id AKIAALICE00000000001 is already used"
                        + " by principal 'alice'");
        assertInvalid(principal("alice", "AKIAALICE00000000001", "") + principal("alice", "AKIAALICE00000000002", "")
                        .replace("principals:\n", ""),
                "credentials file creds.yaml: principals[1] (alice): principal name 'alice' is used more than once");
        assertInvalid("principals: []\nextra: 1\n", "credentials file creds.yaml: the top level has an unknown key"
                + " 'extra'; known: [policies, principals]");
        assertInvalid("", "credentials file creds.yaml: the file is empty; it needs a 'principals' list");
        assertInvalid("policies:\n  AmazonPrometheusFullAccess: {Statement: []}\nprincipals: []\n",
                "credentials file creds.yaml: policies.AmazonPrometheusFullAccess: the name of an AWS managed policy"
                        + " cannot be redefined");
        assertInvalid(principal("bad name", "AKIAALICE00000000001", ""),
                "credentials file creds.yaml: principals[0] (bad name): a principal name must be 1 to 64 characters"
                        + " from A-Z a-z 0-9 + = , . @ _ -, got 'bad name'");
    }

    @Test
    void reportsYamlSyntaxErrorsByPositionWithoutQuotingTheLine() {
        String text = """
                principals:
                  - name: alice
                    accessKeys:
                      - accessKeyId: AKIAALICE00000000001
                        secretAccessKey: "%s
                """.formatted(SECRET);

        assertThatThrownBy(() -> CredentialsFile.parse(text, "creds.yaml", ACCOUNT))
                .isInstanceOf(InvalidCredentialsFileException.class)
                .hasMessageStartingWith("credentials file creds.yaml: not valid YAML: ")
                .hasMessageContaining("(line ")
                .hasNoCause()
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> CredentialsFile.parse("""
                principals:
                  - name: alice
                    name: bob
                """, "creds.yaml", ACCOUNT))
                .hasMessage("credentials file creds.yaml: not valid YAML: found duplicate key name (line 3, column 5)");
    }

    @Test
    void reportsAMissingFile() {
        Path missing = temp.resolve("absent.yaml");

        assertThatThrownBy(() -> CredentialsFile.load(missing, ACCOUNT))
                .isInstanceOf(InvalidCredentialsFileException.class)
                .hasMessage("credentials file " + missing + " does not exist");
    }

    @Test
    void swapsWholeSnapshotsOnReload() {
        IdentitySnapshot first = CredentialsFile.parse(principal("alice", "AKIAALICE00000000001", ""), "v1", ACCOUNT);
        IdentitySnapshot second = CredentialsFile.parse(principal("bob", "AKIABOB0000000000001", ""), "v2", ACCOUNT);
        ReloadableIdentityStore store = new ReloadableIdentityStore(first);
        assertThat(store.findByAccessKeyId("AKIAALICE00000000001")).isPresent();

        store.replace(second);

        assertThat(store.current()).isSameAs(second);
        assertThat(store.findByAccessKeyId("AKIAALICE00000000001")).isEmpty();
        assertThat(store.findByAccessKeyId("AKIABOB0000000000001")).isPresent();
    }

    private static AccessDecision.Outcome decide(Credential credential, String action, String resource) {
        return PolicyEvaluator.evaluate(credential.identity().policies(), action, resource).outcome();
    }

    private static String principal(String name, String keyId, String more) {
        return """
                principals:
                  - name: %s
                    accessKeys:
                      - accessKeyId: %s
                        secretAccessKey: "%s"
                    %s
                """.formatted(name, keyId, SECRET, more);
    }

    private static void assertInvalid(String text, String message) {
        assertThatThrownBy(() -> CredentialsFile.parse(text, "creds.yaml", ACCOUNT))
                .isInstanceOf(InvalidCredentialsFileException.class)
                .hasMessage(message)
                .message().doesNotContain(SECRET);
    }
}
