package io.amphora.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.amphora.testing.SystemPrograms;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start, step by step, with the real clients it names: {@code bin/amphora} creates the admin key
 * on its first start and says how to use it; Debian's AWS CLI v2 creates a workspace and runs every workspace, rule
 * groups namespace and alert manager definition command against it; Prometheus remote-writes to the
 * workspace (with HTTP Basic: Debian's build cannot sign; the app's {@code GatewayIntegrationTest} remote-writes
 * SigV4-signed with the AWS SDK's signer); {@code curl --aws-sigv4} queries it. Everything goes through the gateway with
 * authentication on, as a user runs it.
 */
class QuickStartIT {
    private static final Path REPO = Path.of(AmphoraProcess.requiredProperty("amphora.repo.dir")).normalize();
    private static final String REGION = "us-east-1";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern KEY_LINE = Pattern.compile("(?m)^aws_(access_key_id|secret_access_key) = (\\S+)$");

    @Test
    void quickStartFromFirstStartToAQueryOfRemoteWrittenData() throws Exception {
        SystemPrograms.requireAt(AwsCli.PROGRAM, "awscli");
        Path prometheus = SystemPrograms.require("prometheus", "prometheus");
        Path curl = SystemPrograms.require("curl", "curl");
        // Debian's Prometheus build parses a sigv4 block but sends requests unsigned, so it authenticates with HTTP
        // Basic, which the README has the user turn on for such clients.
        try (AmphoraProcess amphora = AmphoraProcess.startCommand("quick-start", REPO,
                List.of(REPO.resolve("bin/amphora").toString(), "--amphora.gateway.basic-auth-enabled=true"))) {
            String endpoint = "http://127.0.0.1:" + amphora.httpPort();

            // 1. The first start created the admin key, owner-only, and told the user how to use it (not the secret).
            Path keyFile = amphora.dataDir().resolve("gateway/admin-credentials");
            assertThat(Files.getPosixFilePermissions(keyFile)).map(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            String keyText = Files.readString(keyFile);
            String accessKeyId = keyField(keyText, "access_key_id");
            String secret = keyField(keyText, "secret_access_key");
            String log = amphora.log();
            assertThat(log).contains("aws configure set --profile amphora aws_access_key_id " + accessKeyId)
                    .contains("sigv4:").doesNotContain(secret);

            // 2. The AWS CLI creates a workspace and waits for it to become ACTIVE.
            Path cliDir = amphora.dataDir().resolveSibling(amphora.dataDir().getFileName() + "-aws-cli");
            AwsCli cli = new AwsCli(endpoint, REGION, accessKeyId, secret, cliDir);
            JsonNode created = cli.json("amp", "create-workspace", "--alias", "quick-start", "--tags", "team=platform");
            String workspaceId = created.get("workspaceId").asString();
            assertThat(workspaceId).matches("ws-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(created.get("arn").asString())
                    .isEqualTo("arn:aws:aps:us-east-1:000000000000:workspace/" + workspaceId);
            assertThat(cli.run("amp", "wait", "workspace-active", "--workspace-id", workspaceId).exitCode()).isZero();
            JsonNode described = cli.json("amp", "describe-workspace", "--workspace-id", workspaceId).get("workspace");
            assertThat(described.get("status").get("statusCode").asString()).isEqualTo("ACTIVE");
            assertThat(described.get("prometheusEndpoint").asString()).endsWith("/workspaces/" + workspaceId + "/");

            // 3. Prometheus scrapes itself and remote-writes to the workspace.
            try (PrometheusProcess agent = PrometheusProcess.start(prometheus, "quick-start-prometheus",
                    port -> agentConfig(port, endpoint, workspaceId, accessKeyId, secret))) {
                // 4. curl --aws-sigv4 queries what arrived.
                String query = endpoint + "/workspaces/" + workspaceId + "/api/v1/query?query="
                        + URLEncoder.encode("up{job=\"prometheus\"}", StandardCharsets.UTF_8);
                Instant deadline = Instant.now().plus(WAIT);
                String answer = "";
                while (Instant.now().isBefore(deadline)) {
                    answer = run(List.of(curl.toString(), "-sS", "--fail-with-body", "--aws-sigv4",
                            "aws:amz:" + REGION + ":aps", "--user", accessKeyId + ":" + secret, query));
                    if (answer.contains("\"job\":\"prometheus\"")) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertThat(answer).as("up{job=prometheus} through curl --aws-sigv4, Prometheus log: %s", agent.logFile())
                        .contains("\"status\":\"success\"", "\"job\":\"prometheus\"");
            }

            // Unsigned, the same query is refused.
            assertThat(amphora.get("/workspaces/" + workspaceId + "/api/v1/query?query=up").statusCode()).isEqualTo(403);

            // A restart keeps the admin key (the first-start text is not shown again) and the workspace.
            amphora.restart();
            assertThat(Files.readString(keyFile)).isEqualTo(keyText);
            assertThat(amphora.log().split("This text is shown only this once", -1)).hasSize(2);
            assertThat(cli.json("amp", "describe-workspace", "--workspace-id", workspaceId).get("workspace")
                    .get("status").get("statusCode").asString()).isEqualTo("ACTIVE");
            String afterRestart = run(List.of(curl.toString(), "-sS", "-g", "--fail-with-body", "--aws-sigv4",
                    "aws:amz:" + REGION + ":aps", "--user", accessKeyId + ":" + secret,
                    "http://127.0.0.1:" + amphora.httpPort() + "/workspaces/" + workspaceId
                            + "/api/v1/series?match[]=up&start=0"));
            assertThat(afterRestart).contains("\"job\":\"prometheus\"");

            everyControlPlaneCommand(cli, workspaceId, cliDir);
        }
    }

    /** The AWS CLI's amp commands for tags, aliases, rule groups namespaces and alert manager definitions. */
    private static void everyControlPlaneCommand(AwsCli cli, String workspaceId, Path dir) throws Exception {
        String arn = "arn:aws:aps:us-east-1:000000000000:workspace/" + workspaceId;
        assertThat(cli.json("amp", "list-workspaces", "--alias", "quick-start").get("workspaces").get(0)
                .get("workspaceId").asString()).isEqualTo(workspaceId);
        assertThat(cli.run("amp", "update-workspace-alias", "--workspace-id", workspaceId, "--alias", "renamed")
                .exitCode()).isZero();
        assertThat(cli.json("amp", "describe-workspace", "--workspace-id", workspaceId).get("workspace")
                .get("alias").asString()).isEqualTo("renamed");
        assertThat(cli.run("amp", "tag-resource", "--resource-arn", arn, "--tags", "env=test").exitCode()).isZero();
        JsonNode tags = cli.json("amp", "list-tags-for-resource", "--resource-arn", arn).get("tags");
        assertThat(tags.get("team").asString()).isEqualTo("platform");
        assertThat(tags.get("env").asString()).isEqualTo("test");
        assertThat(cli.run("amp", "untag-resource", "--resource-arn", arn, "--tag-keys", "env").exitCode()).isZero();
        assertThat(cli.json("amp", "list-tags-for-resource", "--resource-arn", arn).get("tags").has("env")).isFalse();

        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                groups:
                  - name: quick-start
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                      - alert: TargetDown
                        expr: up == 0
                        for: 5m
                """);
        JsonNode namespace = cli.json("amp", "create-rule-groups-namespace", "--workspace-id", workspaceId,
                "--name", "quick-start", "--data", "fileb://" + rules);
        assertThat(namespace.get("name").asString()).isEqualTo("quick-start");
        JsonNode describedNamespace = cli.json("amp", "describe-rule-groups-namespace", "--workspace-id", workspaceId,
                "--name", "quick-start").get("ruleGroupsNamespace");
        assertThat(Base64.getDecoder().decode(describedNamespace.get("data").asString())).isEqualTo(Files.readAllBytes(rules));
        assertThat(cli.json("amp", "list-rule-groups-namespaces", "--workspace-id", workspaceId)
                .get("ruleGroupsNamespaces")).hasSize(1);
        Path badRules = Files.writeString(dir.resolve("bad-rules.yaml"),
                "groups:\n  - name: bad\n    rules:\n      - record: x\n        expr: sum(\n");
        AwsCli.Result invalid = cli.run("amp", "put-rule-groups-namespace", "--workspace-id", workspaceId,
                "--name", "quick-start", "--data", "fileb://" + badRules);
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.stderr()).contains("ValidationException");
        assertThat(cli.run("amp", "put-rule-groups-namespace", "--workspace-id", workspaceId, "--name", "quick-start",
                "--data", "fileb://" + rules).exitCode()).isZero();
        assertThat(cli.run("amp", "delete-rule-groups-namespace", "--workspace-id", workspaceId, "--name",
                "quick-start").exitCode()).isZero();

        Path definition = Files.writeString(dir.resolve("alertmanager.yaml"), """
                alertmanager_config: |
                  route:
                    receiver: default
                  receivers:
                    - name: default
                """);
        assertThat(cli.run("amp", "create-alert-manager-definition", "--workspace-id", workspaceId, "--data",
                "fileb://" + definition).exitCode()).isZero();
        JsonNode describedDefinition = cli.json("amp", "describe-alert-manager-definition", "--workspace-id",
                workspaceId).get("alertManagerDefinition");
        assertThat(Base64.getDecoder().decode(describedDefinition.get("data").asString()))
                .isEqualTo(Files.readAllBytes(definition));
        assertThat(cli.run("amp", "put-alert-manager-definition", "--workspace-id", workspaceId, "--data",
                "fileb://" + definition).exitCode()).isZero();
        assertThat(cli.run("amp", "delete-alert-manager-definition", "--workspace-id", workspaceId).exitCode()).isZero();

        assertThat(cli.run("amp", "delete-workspace", "--workspace-id", workspaceId).exitCode()).isZero();
        Instant deadline = Instant.now().plus(WAIT);
        AwsCli.Result gone;
        do {
            gone = cli.run("amp", "describe-workspace", "--workspace-id", workspaceId);
            Thread.sleep(200);
        } while (gone.exitCode() == 0 && Instant.now().isBefore(deadline));
        assertThat(gone.stderr()).contains("ResourceNotFoundException");
    }

    private static String agentConfig(int port, String endpoint, String workspaceId, String accessKeyId, String secret) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: %s/workspaces/%s/api/v1/remote_write
                    basic_auth:
                      username: %s
                      password: %s
                    queue_config:
                      batch_send_deadline: 250ms
                """.formatted(port, endpoint, workspaceId, accessKeyId, secret);
    }

    private static String keyField(String sharedCredentials, String field) {
        Matcher m = KEY_LINE.matcher(sharedCredentials);
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no aws_" + field + " in the admin key file");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command.getFirst());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
