package io.amphora.controlplane.wiring;

import io.amphora.controlplane.ControlPlane;
import io.amphora.controlplane.RecordingDataDeleter;
import io.amphora.controlplane.json.JsonParser;
import io.amphora.controlplane.json.JsonValue;
import io.amphora.controlplane.json.JsonValue.JsonArray;
import io.amphora.controlplane.json.JsonValue.JsonObject;
import io.amphora.controlplane.json.JsonValue.JsonString;
import io.amphora.testing.SystemPrograms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.amp.AmpClient;
import software.amazon.awssdk.services.amp.model.AlertManagerDefinitionStatusCode;
import software.amazon.awssdk.services.amp.model.ConflictException;
import software.amazon.awssdk.services.amp.model.CreateRuleGroupsNamespaceResponse;
import software.amazon.awssdk.services.amp.model.CreateWorkspaceResponse;
import software.amazon.awssdk.services.amp.model.DescribeRuleGroupsNamespaceResponse;
import software.amazon.awssdk.services.amp.model.LimitsPerLabelSet;
import software.amazon.awssdk.services.amp.model.ResourceNotFoundException;
import software.amazon.awssdk.services.amp.model.RuleGroupsNamespaceDescription;
import software.amazon.awssdk.services.amp.model.RuleGroupsNamespaceStatusCode;
import software.amazon.awssdk.services.amp.model.RuleGroupsNamespaceSummary;
import software.amazon.awssdk.services.amp.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.amp.model.UpdateWorkspaceConfigurationResponse;
import software.amazon.awssdk.services.amp.model.ValidationException;
import software.amazon.awssdk.services.amp.model.ValidationExceptionField;
import software.amazon.awssdk.services.amp.model.ValidationExceptionReason;
import software.amazon.awssdk.services.amp.model.WorkspaceConfigurationDescription;
import software.amazon.awssdk.services.amp.model.WorkspaceConfigurationStatusCode;
import software.amazon.awssdk.services.amp.model.WorkspaceDescription;
import software.amazon.awssdk.services.amp.model.WorkspaceStatusCode;
import software.amazon.awssdk.services.amp.model.WorkspaceSummary;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control plane in a real embedded server with only its own configuration, driven through the AWS SDK's
 * {@code amp} client (and {@code aws amp}, when installed) exactly as users drive the managed service.
 */
class ControlPlaneHttpTest {
    private static final String RULES = """
            groups:
              - name: api
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
            """;
    private static final String ALERT_MANAGER = """
            alertmanager_config: |
              route:
                receiver: default
              receivers:
                - name: default
                  sns_configs:
                    - topic_arn: arn:aws:sns:us-east-1:123456789012:alerts
                      sigv4:
                        region: us-east-1
            """;
    private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    private static final int MAX_WORKSPACES = 6;
    /** Waiters poll every 50 ms instead of the SDK's seconds: the server completes changes within milliseconds. */
    private static final Consumer<WaiterOverrideConfiguration.Builder> QUICK_WAITER = waiter -> waiter
            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
            .maxAttempts(100);

    @TempDir
    static Path dir;

    private static ConfigurableApplicationContext context;
    private static RecordingDataDeleter deleter;
    private static String endpoint;
    private static AmpClient amp;
    /**
     * The same client over the SDK's Apache HTTP client: the URL-connection client cannot send PATCH (its
     * HttpURLConnection refuses the method), which UpdateWorkspaceConfiguration uses.
     */
    private static AmpClient ampOverApache;

    @BeforeAll
    @SuppressWarnings("deprecation") // ApacheHttpClient: the mirror has no apache5-client, and PATCH needs one of them
    static void start() {
        context = new SpringApplicationBuilder(TestApplication.class).properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "amphora.data-dir=" + dir.resolve("data"),
                "amphora.control-plane.public-url=https://amphora.example.com",
                "amphora.control-plane.max-workspaces=" + MAX_WORKSPACES).run();
        context.getBean(ControlPlane.class).startAsync().awaitRunning();
        deleter = context.getBean(RecordingDataDeleter.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        endpoint = "http://127.0.0.1:" + port;
        amp = client(UrlConnectionHttpClient.create());
        ampOverApache = client(ApacheHttpClient.create());
    }

    private static AmpClient client(SdkHttpClient httpClient) {
        return AmpClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
                .httpClient(httpClient)
                .build();
    }

    @AfterAll
    static void stop() {
        if (amp != null) {
            amp.close();
            ampOverApache.close();
        }
        if (context != null) {
            context.getBean(ControlPlane.class).stopAsync().awaitTerminated();
            context.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ControlPlaneConfiguration.class)
    static class TestApplication {
        @Bean
        RecordingDataDeleter workspaceDataDeleter() {
            return new RecordingDataDeleter();
        }
    }

    @Test
    void createsDescribesListsRenamesAndDeletesWorkspacesThroughTheSdk() {
        CreateWorkspaceResponse created = amp.createWorkspace(b -> b.alias("sdk-lifecycle")
                .tags(Map.of("team", "platform")).kmsKeyArn(KMS_KEY).clientToken("sdk-lifecycle-1"));

        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(202);
        assertThat(created.workspaceId()).startsWith("ws-");
        assertThat(created.arn()).isEqualTo("arn:aws:aps:us-east-1:000000000000:workspace/" + created.workspaceId());
        assertThat(created.status().statusCode()).isEqualTo(WorkspaceStatusCode.CREATING);
        assertThat(created.tags()).containsExactly(Map.entry("team", "platform"));
        assertThat(created.kmsKeyArn()).isEqualTo(KMS_KEY);
        String id = created.workspaceId();

        WorkspaceDescription active = amp.waiter().waitUntilWorkspaceActive(b -> b.workspaceId(id), QUICK_WAITER)
                .matched().response().orElseThrow().workspace();
        assertThat(active.status().statusCode()).isEqualTo(WorkspaceStatusCode.ACTIVE);
        assertThat(active.alias()).isEqualTo("sdk-lifecycle");
        assertThat(active.prometheusEndpoint()).isEqualTo("https://amphora.example.com/workspaces/" + id + "/");
        assertThat(active.createdAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(active.kmsKeyArn()).isEqualTo(KMS_KEY);
        assertThat(active.tags()).containsExactly(Map.entry("team", "platform"));

        assertThat(amp.createWorkspace(b -> b.alias("sdk-lifecycle").tags(Map.of("team", "platform"))
                .kmsKeyArn(KMS_KEY).clientToken("sdk-lifecycle-1")).workspaceId()).as("a retried create").isEqualTo(id);
        assertThatThrownBy(() -> amp.createWorkspace(b -> b.alias("other").clientToken("sdk-lifecycle-1")))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.resourceId()).isEqualTo(id);
                    assertThat(e.resourceType()).isEqualTo("WORKSPACE");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("clientToken was already used");
                });

        List<WorkspaceSummary> byAlias = amp.listWorkspaces(b -> b.alias("sdk-lifecycle")).workspaces();
        assertThat(byAlias).extracting(WorkspaceSummary::workspaceId).containsExactly(id);
        assertThat(byAlias.getFirst().createdAt()).isEqualTo(active.createdAt());

        amp.updateWorkspaceAlias(b -> b.workspaceId(id).alias("sdk-renamed"));
        assertThat(amp.describeWorkspace(b -> b.workspaceId(id)).workspace().alias()).isEqualTo("sdk-renamed");

        amp.deleteWorkspace(b -> b.workspaceId(id));
        amp.waiter().waitUntilWorkspaceDeleted(b -> b.workspaceId(id), QUICK_WAITER);
        assertThat(deleter.calls()).contains(id);
        assertThatThrownBy(() -> amp.describeWorkspace(b -> b.workspaceId(id)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.resourceId()).isEqualTo(id);
                    assertThat(e.resourceType()).isEqualTo("WORKSPACE");
                });
    }

    @Test
    void pagesThroughWorkspacesWithTheSdksPaginator() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(amp.createWorkspace(b -> b.alias("sdk-paging")).workspaceId());
        }
        try {
            List<String> listed = amp.listWorkspacesPaginator(b -> b.alias("sdk-paging").maxResults(1)).workspaces()
                    .stream().map(WorkspaceSummary::workspaceId).toList();

            assertThat(listed).as("one page each, none twice").containsExactlyInAnyOrderElementsOf(created);
            assertThatThrownBy(() -> amp.listWorkspaces(b -> b.nextToken("forged.token")))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
                        assertThat(e.fieldList()).extracting(ValidationExceptionField::name)
                                .containsExactly("nextToken");
                    });
        } finally {
            created.forEach(id -> amp.deleteWorkspace(b -> b.workspaceId(id)));
            created.forEach(id -> amp.waiter().waitUntilWorkspaceDeleted(b -> b.workspaceId(id), QUICK_WAITER));
        }
    }

    @Test
    void reportsValidationErrorsAndQuotasAsTheSdksTypedExceptions() {
        assertThatThrownBy(() -> amp.createWorkspace(b -> b.alias("x".repeat(101))))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
                    assertThat(e.fieldList()).containsExactly(ValidationExceptionField.builder().name("alias")
                            .message("Member must have length less than or equal to 100").build());
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value at "
                            + "'alias' failed to satisfy constraint: Member must have length less than or equal to 100");
                });

        List<String> filled = new ArrayList<>();
        try {
            int existing = amp.listWorkspaces(b -> b.maxResults(1000)).workspaces().size();
            for (int i = existing; i < MAX_WORKSPACES; i++) {
                filled.add(amp.createWorkspace(b -> b.alias("sdk-quota")).workspaceId());
            }
            assertThatThrownBy(() -> amp.createWorkspace(b -> b.alias("sdk-quota")))
                    .isInstanceOfSatisfying(ServiceQuotaExceededException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(402);
                        assertThat(e.quotaCode()).isEqualTo("workspaces-per-account");
                        assertThat(e.serviceCode()).isEqualTo("aps");
                        assertThat(e.resourceId()).isEqualTo("000000000000");
                        assertThat(e.resourceType()).isEqualTo("WORKSPACE");
                    });
        } finally {
            filled.forEach(id -> amp.deleteWorkspace(b -> b.workspaceId(id)));
            filled.forEach(id -> amp.waiter().waitUntilWorkspaceDeleted(b -> b.workspaceId(id), QUICK_WAITER));
        }
    }

    @Test
    void updatesAndDescribesTheWorkspaceConfigurationThroughTheSdk() {
        String id = activeWorkspace("sdk-configuration");
        try {
            assertThat(amp.describeWorkspaceConfiguration(b -> b.workspaceId(id)).workspaceConfiguration()
                    .retentionPeriodInDays()).isEqualTo(150);

            UpdateWorkspaceConfigurationResponse updated = ampOverApache.updateWorkspaceConfiguration(b -> b
                    .workspaceId(id).retentionPeriodInDays(30)
                    .limitsPerLabelSet(LimitsPerLabelSet.builder().labelSet(Map.of("env", "prod"))
                            .limits(l -> l.maxSeries(100_000L)).build()));
            assertThat(updated.status().statusCode()).isEqualTo(WorkspaceConfigurationStatusCode.UPDATING);

            await(() -> amp.describeWorkspaceConfiguration(b -> b.workspaceId(id)).workspaceConfiguration().status()
                    .statusCode() == WorkspaceConfigurationStatusCode.ACTIVE);
            WorkspaceConfigurationDescription configuration = amp.describeWorkspaceConfiguration(
                    b -> b.workspaceId(id)).workspaceConfiguration();
            assertThat(configuration.retentionPeriodInDays()).isEqualTo(30);
            assertThat(configuration.limitsPerLabelSet()).singleElement().satisfies(limit -> {
                assertThat(limit.labelSet()).containsExactly(Map.entry("env", "prod"));
                assertThat(limit.limits().maxSeries()).isEqualTo(100_000L);
            });
            assertThatThrownBy(() -> ampOverApache.updateWorkspaceConfiguration(b -> b.workspaceId(id)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Specify at least one of limitsPerLabelSet and retentionPeriodInDays");
        } finally {
            deleteAndWait(id);
        }
    }

    @Test
    void managesRuleGroupsNamespacesThroughTheSdk() {
        String id = activeWorkspace("sdk-rules");
        try {
            CreateRuleGroupsNamespaceResponse created = amp.createRuleGroupsNamespace(b -> b.workspaceId(id)
                    .name("rules").data(SdkBytes.fromUtf8String(RULES)).tags(Map.of("owner", "sdk")));
            assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(202);
            assertThat(created.arn()).isEqualTo("arn:aws:aps:us-east-1:000000000000:rulegroupsnamespace/" + id
                    + "/rules");
            assertThat(created.status().statusCode()).isEqualTo(RuleGroupsNamespaceStatusCode.CREATING);
            assertThat(created.tags()).containsExactly(Map.entry("owner", "sdk"));
            await(() -> describeNamespace(id, "rules").status().statusCode() == RuleGroupsNamespaceStatusCode.ACTIVE);

            RuleGroupsNamespaceDescription described = describeNamespace(id, "rules");
            assertThat(described.data().asUtf8String()).isEqualTo(RULES);
            assertThat(described.name()).isEqualTo("rules");
            assertThat(described.createdAt()).isNotNull();

            amp.createRuleGroupsNamespace(b -> b.workspaceId(id).name("other")
                    .data(SdkBytes.fromUtf8String(RULES)));
            assertThat(amp.listRuleGroupsNamespacesPaginator(b -> b.workspaceId(id).maxResults(1))
                    .ruleGroupsNamespaces().stream().map(RuleGroupsNamespaceSummary::name).toList())
                    .containsExactly("other", "rules");

            String changed = RULES + "  - name: more\n    rules: []\n";
            assertThat(amp.putRuleGroupsNamespace(b -> b.workspaceId(id).name("rules")
                    .data(SdkBytes.fromUtf8String(changed))).status().statusCode())
                    .isEqualTo(RuleGroupsNamespaceStatusCode.UPDATING);
            assertThat(describeNamespace(id, "rules").data().asUtf8String()).isEqualTo(changed);

            assertThatThrownBy(() -> amp.createRuleGroupsNamespace(b -> b.workspaceId(id).name("rules")
                    .data(SdkBytes.fromUtf8String(RULES))))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.resourceId()).isEqualTo("rules");
                        assertThat(e.resourceType()).isEqualTo("RULE_GROUPS_NAMESPACE");
                    });
            assertThatThrownBy(() -> amp.createRuleGroupsNamespace(b -> b.workspaceId(id).name("broken")
                    .data(SdkBytes.fromUtf8String(RULES.replace("sum by (job) (up)", "sum by (job) (up")))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid rule file: 5:15: group "
                                + "\"api\", rule 1, \"job:up:sum\": could not parse expression: ");
                        assertThat(e.fieldList()).extracting(ValidationExceptionField::name).containsExactly("data");
                    });

            amp.deleteRuleGroupsNamespace(b -> b.workspaceId(id).name("other"));
            await(() -> namespaceIsGone(id, "other"));
            assertThatThrownBy(() -> describeNamespace(id, "other"))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.resourceId()).isEqualTo("other");
                        assertThat(e.resourceType()).isEqualTo("RULE_GROUPS_NAMESPACE");
                    });
        } finally {
            deleteAndWait(id);
        }
    }

    @Test
    void managesTheAlertManagerDefinitionThroughTheSdk() {
        String id = activeWorkspace("sdk-alertmanager");
        try {
            assertThat(amp.createAlertManagerDefinition(b -> b.workspaceId(id)
                    .data(SdkBytes.fromUtf8String(ALERT_MANAGER))).status().statusCode())
                    .isEqualTo(AlertManagerDefinitionStatusCode.CREATING);
            await(() -> amp.describeAlertManagerDefinition(b -> b.workspaceId(id)).alertManagerDefinition().status()
                    .statusCode() == AlertManagerDefinitionStatusCode.ACTIVE);
            assertThat(amp.describeAlertManagerDefinition(b -> b.workspaceId(id)).alertManagerDefinition().data()
                    .asUtf8String()).isEqualTo(ALERT_MANAGER);

            assertThatThrownBy(() -> amp.createAlertManagerDefinition(b -> b.workspaceId(id)
                    .data(SdkBytes.fromUtf8String(ALERT_MANAGER))))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.resourceId()).isEqualTo(id);
                        assertThat(e.resourceType()).isEqualTo("ALERT_MANAGER_DEFINITION");
                    });
            assertThatThrownBy(() -> amp.putAlertManagerDefinition(b -> b.workspaceId(id)
                    .data(SdkBytes.fromUtf8String(ALERT_MANAGER.replace("receiver: default", "receiver: nobody")))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).isEqualTo("Invalid alert manager definition: alertmanager_config: line 2: "
                            + "undefined receiver \"nobody\" used in route"));

            String changed = ALERT_MANAGER + "template_files:\n  default: '{{ define \"x\" }}y{{ end }}'\n";
            assertThat(amp.putAlertManagerDefinition(b -> b.workspaceId(id).data(SdkBytes.fromUtf8String(changed)))
                    .status().statusCode()).isEqualTo(AlertManagerDefinitionStatusCode.UPDATING);
            assertThat(amp.describeAlertManagerDefinition(b -> b.workspaceId(id)).alertManagerDefinition().data()
                    .asUtf8String()).isEqualTo(changed);

            amp.deleteAlertManagerDefinition(b -> b.workspaceId(id));
            await(() -> {
                try {
                    amp.describeAlertManagerDefinition(b -> b.workspaceId(id));
                    return false;
                } catch (ResourceNotFoundException e) {
                    return e.resourceType().equals("ALERT_MANAGER_DEFINITION");
                }
            });
        } finally {
            deleteAndWait(id);
        }
    }

    @Test
    void tagsResourcesWhoseArnsCarryEncodedSlashesThroughTheSdk() {
        String id = activeWorkspace("sdk-tags");
        try {
            amp.createRuleGroupsNamespace(b -> b.workspaceId(id).name("rules").data(SdkBytes.fromUtf8String(RULES)));
            String workspaceArn = amp.describeWorkspace(b -> b.workspaceId(id)).workspace().arn();
            String namespaceArn = describeNamespace(id, "rules").arn();

            amp.tagResource(b -> b.resourceArn(workspaceArn).tags(Map.of("env", "prod", "team", "a")));
            amp.untagResource(b -> b.resourceArn(workspaceArn).tagKeys("team", "absent"));
            amp.tagResource(b -> b.resourceArn(namespaceArn).tags(Map.of("kind", "recording")));

            assertThat(amp.listTagsForResource(b -> b.resourceArn(workspaceArn)).tags())
                    .containsExactly(Map.entry("env", "prod"));
            assertThat(amp.listTagsForResource(b -> b.resourceArn(namespaceArn)).tags())
                    .containsExactly(Map.entry("kind", "recording"));
            String elsewhere = workspaceArn.replace("us-east-1", "eu-west-1");
            assertThatThrownBy(() -> amp.listTagsForResource(b -> b.resourceArn(elsewhere)))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class,
                            e -> assertThat(e.resourceId()).isEqualTo(elsewhere));
        } finally {
            deleteAndWait(id);
        }
    }

    @Test
    void theAwsCliWorksUnchanged() throws Exception {
        Map<String, String> lookup = new HashMap<>();
        lookup.put("PATH", "/usr/bin");
        if (System.getenv(SystemPrograms.CI_VARIABLE) != null) {
            lookup.put(SystemPrograms.CI_VARIABLE, System.getenv(SystemPrograms.CI_VARIABLE));
        }
        Path aws = SystemPrograms.require("aws", "awscli", lookup);
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);

        JsonObject created = cli(aws, "create-workspace", "--alias", "cli-workspace", "--tags", "team=cli");
        String id = string(created, "workspaceId");
        assertThat(string(created, "arn")).isEqualTo("arn:aws:aps:us-east-1:000000000000:workspace/" + id);
        assertThat(created.members().get("status").toString()).contains("CREATING");

        cli(aws, "wait", "workspace-active", "--workspace-id", id);
        JsonObject workspace = (JsonObject) cli(aws, "describe-workspace", "--workspace-id", id).members()
                .get("workspace");
        assertThat(workspace.members().get("status")).isEqualTo(new JsonObject(Map.of("statusCode",
                new JsonString("ACTIVE"))));
        assertThat(string(workspace, "alias")).isEqualTo("cli-workspace");
        assertThat(string(workspace, "createdAt")).as("the CLI prints the timestamp as a date").contains("T");

        JsonArray listed = (JsonArray) cli(aws, "list-workspaces", "--alias", "cli-workspace").members()
                .get("workspaces");
        assertThat(listed.elements()).extracting(w -> string((JsonObject) w, "workspaceId")).containsExactly(id);

        JsonObject namespace = cli(aws, "create-rule-groups-namespace", "--workspace-id", id, "--name", "cli-rules",
                "--data", "fileb://" + rules);
        assertThat(string(namespace, "arn")).endsWith(":rulegroupsnamespace/" + id + "/cli-rules");

        amp.createAlertManagerDefinition(b -> b.workspaceId(id).data(SdkBytes.fromUtf8String(ALERT_MANAGER)));
        JsonObject described = (JsonObject) cli(aws, "describe-alert-manager-definition", "--workspace-id", id)
                .members().get("alertManagerDefinition");
        assertThat(string(described, "data"))
                .isEqualTo(Base64.getEncoder().encodeToString(ALERT_MANAGER.getBytes(StandardCharsets.UTF_8)));

        assertThat(cli(aws, "delete-workspace", "--workspace-id", id).members()).isEmpty();
        amp.waiter().waitUntilWorkspaceDeleted(b -> b.workspaceId(id), QUICK_WAITER);
        assertThat(deleter.calls()).contains(id);
    }

    /** Runs {@code aws amp <args>} against the server with fake credentials and no user configuration. */
    private static JsonObject cli(Path aws, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "amp"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        environment.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_CONFIG_FILE", "/dev/null");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        environment.put("AWS_PAGER", "");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("HOME", dir.toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("aws %s finished", String.join(" ", args)).isTrue();
        assertThat(process.exitValue()).as("exit status of aws %s; stderr: %s", String.join(" ", args),
                new String(err, StandardCharsets.UTF_8)).isZero();
        String text = new String(out, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new JsonObject(Map.of());
        }
        return (JsonObject) JsonParser.parse(text);
    }

    private static String string(JsonObject object, String member) {
        JsonValue value = object.members().get(member);
        assertThat(value).as(member + " of " + object).isInstanceOf(JsonString.class);
        return ((JsonString) value).value();
    }

    private static String activeWorkspace(String alias) {
        String id = amp.createWorkspace(b -> b.alias(alias)).workspaceId();
        amp.waiter().waitUntilWorkspaceActive(b -> b.workspaceId(id), QUICK_WAITER);
        return id;
    }

    private static void deleteAndWait(String id) {
        amp.deleteWorkspace(b -> b.workspaceId(id));
        amp.waiter().waitUntilWorkspaceDeleted(b -> b.workspaceId(id), QUICK_WAITER);
    }

    private static RuleGroupsNamespaceDescription describeNamespace(String workspaceId, String name) {
        DescribeRuleGroupsNamespaceResponse response = amp.describeRuleGroupsNamespace(
                b -> b.workspaceId(workspaceId).name(name));
        return response.ruleGroupsNamespace();
    }

    private static boolean namespaceIsGone(String workspaceId, String name) {
        try {
            describeNamespace(workspaceId, name);
            return false;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    /** Polls until the background work the server does has happened; fails after five seconds. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 5 seconds");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
