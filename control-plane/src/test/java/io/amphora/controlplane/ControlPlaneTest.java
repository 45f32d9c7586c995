package io.amphora.controlplane;

import io.amphora.controlplane.store.ControlPlaneStore;
import io.amphora.controlplane.store.InMemoryControlPlaneStore;
import io.amphora.controlplane.store.RocksDbControlPlaneStore;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import io.amphora.testing.TestingClock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneTest {
    static final String RULES = """
            groups:
              - name: api
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
            """;
    static final String OTHER_RULES = """
            groups:
              - name: api
                rules:
                  - alert: Down
                    expr: up == 0
                    for: 5m
            """;
    static final String ALERT_MANAGER = """
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

    private final TestingClock clock = new TestingClock();
    private final TestingScheduler scheduler = new TestingScheduler(clock);
    private final RecordingDataDeleter deleter = new RecordingDataDeleter();
    private ControlPlaneStore store = new InMemoryControlPlaneStore();
    private ControlPlaneConfig config = ControlPlaneConfig.defaults();
    private ControlPlane controlPlane = newControlPlane();

    @TempDir
    Path dir;

    // ---- workspaces ---------------------------------------------------------------------------------------------

    @Test
    void createsAWorkspaceThatIsCreatingUntilTheBackgroundMakesItActive() {
        Workspace created = controlPlane.createWorkspace(Optional.of("  production  "), Map.of("team", "platform"),
                Optional.of(KMS_KEY), Optional.empty());

        assertThat(created.id()).matches("ws-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(created.alias()).contains("production");
        assertThat(created.status()).isEqualTo(WorkspaceStatus.CREATING);
        assertThat(created.createdAt()).isEqualTo(clock.instant());
        assertThat(created.tags()).containsExactly(Map.entry("team", "platform"));
        assertThat(created.kmsKeyArn()).contains(KMS_KEY);
        assertThat(controlPlane.status(created.id())).contains(WorkspaceStatus.CREATING);
        assertThat(controlPlane.arns().workspace(created.id()))
                .isEqualTo("arn:aws:aps:us-east-1:000000000000:workspace/" + created.id());
        assertThat(config.prometheusEndpoint(created.id()))
                .isEqualTo("http://localhost:8080/workspaces/" + created.id() + "/");

        scheduler.runDue();

        Workspace described = controlPlane.describeWorkspace(created.id());
        assertThat(described.status()).isEqualTo(WorkspaceStatus.ACTIVE);
        assertThat(described.alias()).contains("production");
        assertThat(described.configuration().retentionPeriodInDays()).isEqualTo(150);
        assertThat(controlPlane.status(created.id())).contains(WorkspaceStatus.ACTIVE);
    }

    @Test
    void waitsTheConfiguredTransitionDelayBeforeActivating() {
        config = withTransitionDelay(Duration.ofSeconds(3));
        controlPlane = newControlPlane();
        String id = controlPlane.createWorkspace(Optional.empty(), Map.of(), Optional.empty(), Optional.empty()).id();

        scheduler.runDue();
        assertThat(controlPlane.status(id)).contains(WorkspaceStatus.CREATING);

        clock.advance(Duration.ofSeconds(3));
        scheduler.runDue();
        assertThat(controlPlane.status(id)).contains(WorkspaceStatus.ACTIVE);
    }

    @Test
    void refusesAliasesTagsKeysAndTokensOutsideTheModelsConstraints() {
        assertValidation(() -> create(Optional.of("x".repeat(101))), "alias",
                "Member must have length less than or equal to 100");
        assertValidation(() -> create(Optional.of("")), "alias", "Member must have length greater than or equal to 1");
        assertValidation(() -> create(Optional.of("   ")), "alias",
                "Member must contain a character that is not blank space");
        assertValidation(() -> controlPlane.createWorkspace(Optional.empty(), Map.of("aws:owner", "me"),
                Optional.empty(), Optional.empty()), "tags.aws:owner",
                "Tag key must not begin with 'aws:' (reserved for AWS use)");
        assertValidation(() -> controlPlane.createWorkspace(Optional.empty(), Map.of("team", "a|b"),
                Optional.empty(), Optional.empty()), "tags.team",
                "Tag value must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
        assertValidation(() -> controlPlane.createWorkspace(Optional.empty(), manyTags(51), Optional.empty(),
                Optional.empty()), "tags", "Member must have at most 50 tags, got 51");
        assertValidation(() -> controlPlane.createWorkspace(Optional.empty(), Map.of(),
                Optional.of("arn:aws:kms:us-east-1:123456789012:alias/mine"), Optional.empty()), "kmsKeyArn",
                "Member must satisfy regular expression pattern: ^arn:aws:kms:[a-z0-9\\-]+:\\d+:key/[a-f0-9\\-]+$");
        assertValidation(() -> controlPlane.createWorkspace(Optional.empty(), Map.of(), Optional.empty(),
                Optional.of("has space")), "clientToken", "Member must satisfy regular expression pattern: [!-~]+");
        assertValidation(() -> controlPlane.createWorkspace(Optional.empty(), Map.of(), Optional.empty(),
                Optional.of("t".repeat(65))), "clientToken", "Member must have length between 1 and 64");
        assertThat(allWorkspaces()).isEmpty();
    }

    @Test
    void returnsTheSameWorkspaceWhenARequestIsRetriedWithItsClientToken() {
        Workspace first = controlPlane.createWorkspace(Optional.of("a"), Map.of("k", "v"), Optional.empty(),
                Optional.of("token-1"));
        scheduler.runDue();

        Workspace retried = controlPlane.createWorkspace(Optional.of(" a "), Map.of("k", "v"), Optional.empty(),
                Optional.of("token-1"));

        assertThat(retried.id()).isEqualTo(first.id());
        assertThat(retried.status()).isEqualTo(WorkspaceStatus.ACTIVE);
        assertThat(allWorkspaces()).hasSize(1);
    }

    @Test
    void refusesAClientTokenReusedForAnotherRequest() {
        Workspace first = controlPlane.createWorkspace(Optional.of("a"), Map.of(), Optional.empty(),
                Optional.of("token-1"));

        assertThatThrownBy(() -> controlPlane.createWorkspace(Optional.of("b"), Map.of(), Optional.empty(),
                Optional.of("token-1")))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.CONFLICT);
                    assertThat(e.resourceId()).contains(first.id());
                    assertThat(e.resourceType()).contains(ResourceType.WORKSPACE);
                    assertThat(e.getMessage()).contains("clientToken was already used");
                });
        assertThat(controlPlane.createWorkspace(Optional.of("b"), Map.of(), Optional.empty(), Optional.of("token-2"))
                .id()).isNotEqualTo(first.id());
    }

    @Test
    void refusesWorkspacesBeyondTheAccountQuota() {
        config = withQuotas(2, 100);
        controlPlane = newControlPlane();
        create(Optional.empty());
        create(Optional.empty());

        assertThatThrownBy(() -> create(Optional.empty())).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.SERVICE_QUOTA_EXCEEDED);
            assertThat(e.quotaCode()).contains("workspaces-per-account");
            assertThat(e.resourceType()).contains(ResourceType.WORKSPACE);
            assertThat(e.resourceId()).contains("000000000000");
            assertThat(e.getMessage()).isEqualTo("Workspace quota exceeded: the account holds 2 workspaces, the "
                    + "most allowed is 2");
        });
    }

    @Test
    void reportsUnknownWorkspacesAsNotFoundAndMalformedIdsAsInvalid() {
        assertThatThrownBy(() -> controlPlane.describeWorkspace("ws-missing"))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
                    assertThat(e.resourceId()).contains("ws-missing");
                    assertThat(e.resourceType()).contains(ResourceType.WORKSPACE);
                });
        assertValidation(() -> controlPlane.describeWorkspace("ws/../x"), "workspaceId",
                "Member must satisfy regular expression pattern: [0-9A-Za-z][-.0-9A-Z_a-z]*");
        assertValidation(() -> controlPlane.describeWorkspace("w".repeat(65)), "workspaceId",
                "Member must have length between 1 and 64");
        assertThat(controlPlane.status("ws-missing")).isEmpty();
        assertThat(controlPlane.status("not an id")).isEmpty();
    }

    @Test
    void listsWorkspacesInCreationOrderOnePageAtATime() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(Optional.of("w" + i)).id());
            clock.advance(Duration.ofSeconds(1));
        }

        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            Page<Workspace> page = controlPlane.listWorkspaces(Optional.empty(), Optional.of(2), token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(workspace -> listed.add(workspace.id()));
            token = page.nextToken();
            pages++;
        } while (token.isPresent());

        assertThat(listed).containsExactlyElementsOf(created);
        assertThat(pages).isEqualTo(3);
        assertThat(controlPlane.listWorkspaces(Optional.empty(), Optional.empty(), Optional.empty()).items())
                .hasSize(5);
    }

    @Test
    void filtersWorkspacesByExactAlias() {
        String prod = create(Optional.of("prod")).id();
        create(Optional.of("production"));
        create(Optional.empty());
        String prodAgain = create(Optional.of(" prod")).id();

        assertThat(controlPlane.listWorkspaces(Optional.of("prod "), Optional.empty(), Optional.empty()).items())
                .extracting(Workspace::id).containsExactlyInAnyOrder(prod, prodAgain);
        assertThat(controlPlane.listWorkspaces(Optional.of("pro"), Optional.empty(), Optional.empty()).items())
                .isEmpty();
    }

    @Test
    void refusesPageTokensThatWereAlteredOrIssuedForOtherFilters() {
        for (int i = 0; i < 3; i++) {
            create(Optional.of("a"));
        }
        String token = controlPlane.listWorkspaces(Optional.of("a"), Optional.of(1), Optional.empty())
                .nextToken().orElseThrow();

        assertValidation(() -> controlPlane.listWorkspaces(Optional.of("b"), Optional.of(1), Optional.of(token)),
                "nextToken", "Invalid nextToken: it was issued for a request with other parameters; repeat the "
                        + "parameters of the request that returned it");
        String tampered = token.charAt(0) == 'A' ? "B" + token.substring(1) : "A" + token.substring(1);
        assertValidation(() -> controlPlane.listWorkspaces(Optional.of("a"), Optional.of(1), Optional.of(tampered)),
                "nextToken", "Invalid nextToken: it was not issued by this service or was altered");
        assertValidation(() -> controlPlane.listWorkspaces(Optional.empty(), Optional.empty(), Optional.of("garbage")),
                "nextToken", "Invalid nextToken: it was not issued by this service or was altered");
        assertThat(controlPlane.listWorkspaces(Optional.of("a"), Optional.of(5), Optional.of(token)).items())
                .as("the page size may change between pages").hasSize(2);
    }

    @Test
    void acceptsPageTokensIssuedBeforeARestartOnTheSameStore() {
        create(Optional.empty());
        create(Optional.empty());
        String token = controlPlane.listWorkspaces(Optional.empty(), Optional.of(1), Optional.empty())
                .nextToken().orElseThrow();

        controlPlane = newControlPlane();

        assertThat(controlPlane.listWorkspaces(Optional.empty(), Optional.of(1), Optional.of(token)).items())
                .hasSize(1);
    }

    @Test
    void refusesPageSizesOutsideOneToAThousand() {
        assertValidation(() -> controlPlane.listWorkspaces(Optional.empty(), Optional.of(0), Optional.empty()),
                "maxResults", "Member must have value between 1 and 1000");
        assertValidation(() -> controlPlane.listWorkspaces(Optional.empty(), Optional.of(1001), Optional.empty()),
                "maxResults", "Member must have value between 1 and 1000");
    }

    @Test
    void updatesAndRemovesTheAlias() {
        String id = activeWorkspace();

        controlPlane.updateWorkspaceAlias(id, Optional.of(" renamed "), Optional.of("t"));
        assertThat(controlPlane.describeWorkspace(id).alias()).contains("renamed");

        controlPlane.updateWorkspaceAlias(id, Optional.empty(), Optional.empty());
        assertThat(controlPlane.describeWorkspace(id).alias()).isEmpty();
    }

    @Test
    void refusesChangesToAWorkspaceThatIsNotYetActive() {
        String id = create(Optional.empty()).id();

        assertConflict(() -> controlPlane.updateWorkspaceAlias(id, Optional.of("x"), Optional.empty()),
                ResourceType.WORKSPACE, id, "Workspace " + id + " is CREATING; it must be ACTIVE to update its alias");
        assertConflict(() -> controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of(),
                Optional.empty()), ResourceType.WORKSPACE, id,
                "Workspace " + id + " is CREATING; it must be ACTIVE to create rule groups namespaces");
    }

    // ---- deletion -----------------------------------------------------------------------------------------------

    @Test
    void deletesAWorkspaceItsDataAndEverythingItHolds() {
        String id = activeWorkspace();
        String other = activeWorkspace();
        controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of("k", "v"), Optional.empty());
        controlPlane.createRuleGroupsNamespace(other, "rules", bytes(RULES), Map.of(), Optional.empty());
        controlPlane.createAlertManagerDefinition(id, bytes(ALERT_MANAGER), Optional.empty());
        scheduler.runDue();

        controlPlane.deleteWorkspace(id, Optional.of("delete-1"));

        assertThat(controlPlane.describeWorkspace(id).status()).isEqualTo(WorkspaceStatus.DELETING);
        assertThat(controlPlane.status(id)).contains(WorkspaceStatus.DELETING);
        assertThat(deleter.calls()).isEmpty();

        scheduler.runDue();

        assertThat(deleter.calls()).containsExactly(id);
        assertThat(controlPlane.status(id)).isEmpty();
        assertNotFound(() -> controlPlane.describeWorkspace(id), ResourceType.WORKSPACE, id);
        assertThat(store.scan("rulegroupsnamespace/" + id + "/")).isEmpty();
        assertThat(store.get("alertmanager/" + id)).isEmpty();
        assertThat(controlPlane.describeRuleGroupsNamespace(other, "rules").status()).isEqualTo(ResourceStatus.ACTIVE);
    }

    @Test
    void keepsAWorkspaceDeletingWhileItsDataCannotBeDeletedAndRetriesWithBackoff() {
        String id = activeWorkspace();
        deleter.failNext(3);

        controlPlane.deleteWorkspace(id, Optional.empty());
        scheduler.runDue();

        assertThat(deleter.calls()).containsExactly(id);
        assertThat(controlPlane.status(id)).contains(WorkspaceStatus.DELETING);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        scheduler.runDue();
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(4));
        assertThat(controlPlane.status(id)).contains(WorkspaceStatus.DELETING);

        clock.advance(Duration.ofSeconds(4));
        scheduler.runDue();

        assertThat(deleter.calls()).containsExactly(id, id, id, id);
        assertThat(controlPlane.status(id)).isEmpty();
        assertThat(scheduler.pendingDelays()).isEmpty();
    }

    @Test
    void capsTheDeletionBackoffAtTheConfiguredMaximum() {
        config = new ControlPlaneConfig("000000000000", "us-east-1", URI.create("http://localhost:8080"), 25, 100,
                1 << 20, 150, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5));
        controlPlane = newControlPlane();

        assertThat(List.of(0, 1, 2, 3, 10, 100).stream().map(controlPlane::backoff).toList()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void acceptsARetriedDeleteButRefusesOtherRequestsToChangeADeletingWorkspace() {
        String id = activeWorkspace();
        controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of(), Optional.empty());
        scheduler.runDue();
        deleter.failNext(1);
        controlPlane.deleteWorkspace(id, Optional.of("delete-1"));
        scheduler.runDue();

        controlPlane.deleteWorkspace(id, Optional.of("delete-1"));
        assertConflict(() -> controlPlane.deleteWorkspace(id, Optional.of("delete-2")), ResourceType.WORKSPACE, id,
                "Workspace " + id + " is already being deleted");
        assertConflict(() -> controlPlane.deleteWorkspace(id, Optional.empty()), ResourceType.WORKSPACE, id,
                "Workspace " + id + " is already being deleted");
        assertConflict(() -> controlPlane.createRuleGroupsNamespace(id, "more", bytes(RULES), Map.of(),
                Optional.empty()), ResourceType.WORKSPACE, id,
                "Workspace " + id + " is DELETING; it must be ACTIVE to create rule groups namespaces");
        assertConflict(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.of(30), Optional.empty(),
                Optional.empty()), ResourceType.WORKSPACE, id,
                "Workspace " + id + " is DELETING; it must be ACTIVE to update its configuration");
        assertNotFound(() -> controlPlane.tagResource(controlPlane.arns().workspace(id), Map.of("a", "b")),
                ResourceType.WORKSPACE, controlPlane.arns().workspace(id));
        assertThat(controlPlane.describeRuleGroupsNamespace(id, "rules").name()).isEqualTo("rules");
        assertThat(controlPlane.listWorkspaces(Optional.empty(), Optional.empty(), Optional.empty()).items())
                .extracting(Workspace::status).containsExactly(WorkspaceStatus.DELETING);
    }

    // ---- workspace configuration --------------------------------------------------------------------------------

    @Test
    void updatesTheConfigurationThroughUpdating() {
        String id = activeWorkspace();
        assertThat(controlPlane.describeWorkspaceConfiguration(id)).isEqualTo(new WorkspaceConfiguration(150,
                List.of(), ConfigurationStatus.ACTIVE, Optional.empty()));
        List<LabelSetLimit> limits = List.of(new LabelSetLimit(Map.of("env", "prod"), 100_000),
                new LabelSetLimit(Map.of(), 50_000));

        ConfigurationStatus status = controlPlane.updateWorkspaceConfiguration(id, Optional.of(30), Optional.of(limits),
                Optional.of("config-1"));

        assertThat(status).isEqualTo(ConfigurationStatus.UPDATING);
        WorkspaceConfiguration updating = controlPlane.describeWorkspaceConfiguration(id);
        assertThat(updating.status()).isEqualTo(ConfigurationStatus.UPDATING);
        assertThat(updating.retentionPeriodInDays()).isEqualTo(30);
        assertThat(updating.limitsPerLabelSet()).isEqualTo(limits);
        assertThat(controlPlane.updateWorkspaceConfiguration(id, Optional.of(30), Optional.of(limits),
                Optional.of("config-1"))).as("a retry of the same update").isEqualTo(ConfigurationStatus.UPDATING);
        assertConflict(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.of(60), Optional.empty(),
                Optional.of("config-2")), ResourceType.WORKSPACE_CONFIGURATION, id,
                "The configuration of workspace " + id + " is being updated; retry when it is ACTIVE");

        scheduler.runDue();

        assertThat(controlPlane.describeWorkspaceConfiguration(id).status()).isEqualTo(ConfigurationStatus.ACTIVE);
        controlPlane.updateWorkspaceConfiguration(id, Optional.of(60), Optional.empty(), Optional.empty());
        scheduler.runDue();
        WorkspaceConfiguration after = controlPlane.describeWorkspaceConfiguration(id);
        assertThat(after.retentionPeriodInDays()).isEqualTo(60);
        assertThat(after.limitsPerLabelSet()).as("limits not given are kept").isEqualTo(limits);
        assertThat(controlPlane.describeWorkspace(id).status()).isEqualTo(WorkspaceStatus.ACTIVE);
    }

    @Test
    void refusesConfigurationsOutsideTheModelsConstraints() {
        String id = activeWorkspace();

        assertThatThrownBy(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.empty(), Optional.empty(),
                Optional.empty())).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
                    assertThat(e.getMessage())
                            .isEqualTo("Specify at least one of limitsPerLabelSet and retentionPeriodInDays");
                });
        assertValidation(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.of(0), Optional.empty(),
                Optional.empty()), "retentionPeriodInDays", "Member must have value between 1 and 1095");
        assertValidation(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.of(1096), Optional.empty(),
                Optional.empty()), "retentionPeriodInDays", "Member must have value between 1 and 1095");
        assertValidation(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.empty(), Optional.of(List.of(
                new LabelSetLimit(Map.of("bad-name", "x"), 1))), Optional.empty()), "limitsPerLabelSet.1.labelSet",
                "Label name 'bad-name' must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]* and not be "
                        + "__name__");
        assertValidation(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.empty(), Optional.of(List.of(
                new LabelSetLimit(Map.of("env", ""), 1))), Optional.empty()), "limitsPerLabelSet.1.labelSet",
                "The value of label 'env' must not be empty");
        assertValidation(() -> controlPlane.updateWorkspaceConfiguration(id, Optional.empty(), Optional.of(List.of(
                new LabelSetLimit(Map.of("env", "a"), 1), new LabelSetLimit(Map.of("env", "a"), 2))),
                Optional.empty()), "limitsPerLabelSet.2.labelSet", "Each label set may appear once; {env=a} is repeated");
        assertThat(controlPlane.describeWorkspaceConfiguration(id).status()).isEqualTo(ConfigurationStatus.ACTIVE);
    }

    // ---- rule groups namespaces ---------------------------------------------------------------------------------

    @Test
    void createsUpdatesAndDeletesARuleGroupsNamespaceThroughItsStatuses() {
        String id = activeWorkspace();
        Instant createdAt = clock.instant();

        RuleGroupsNamespace created = controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES),
                Map.of("team", "a"), Optional.empty());

        assertThat(created.status()).isEqualTo(ResourceStatus.CREATING);
        assertThat(created.createdAt()).isEqualTo(createdAt);
        assertThat(controlPlane.arns().ruleGroupsNamespace(id, "rules"))
                .isEqualTo("arn:aws:aps:us-east-1:000000000000:rulegroupsnamespace/" + id + "/rules");
        scheduler.runDue();
        assertThat(controlPlane.describeRuleGroupsNamespace(id, "rules").status()).isEqualTo(ResourceStatus.ACTIVE);

        clock.advance(Duration.ofMinutes(1));
        RuleGroupsNamespace updated = controlPlane.putRuleGroupsNamespace(id, "rules", bytes(OTHER_RULES),
                Optional.empty());

        assertThat(updated.status()).isEqualTo(ResourceStatus.UPDATING);
        RuleGroupsNamespace described = controlPlane.describeRuleGroupsNamespace(id, "rules");
        assertThat(described.data()).isEqualTo(bytes(OTHER_RULES));
        assertThat(described.createdAt()).isEqualTo(createdAt);
        assertThat(described.modifiedAt()).isEqualTo(clock.instant());
        assertThat(described.tags()).containsExactly(Map.entry("team", "a"));
        scheduler.runDue();
        assertThat(controlPlane.describeRuleGroupsNamespace(id, "rules").status()).isEqualTo(ResourceStatus.ACTIVE);

        controlPlane.deleteRuleGroupsNamespace(id, "rules", Optional.of("d"));
        assertThat(controlPlane.describeRuleGroupsNamespace(id, "rules").status()).isEqualTo(ResourceStatus.DELETING);
        controlPlane.deleteRuleGroupsNamespace(id, "rules", Optional.of("d"));
        assertConflict(() -> controlPlane.deleteRuleGroupsNamespace(id, "rules", Optional.empty()),
                ResourceType.RULE_GROUPS_NAMESPACE, "rules", "Rule groups namespace rules is already being deleted");
        assertConflict(() -> controlPlane.putRuleGroupsNamespace(id, "rules", bytes(RULES), Optional.empty()),
                ResourceType.RULE_GROUPS_NAMESPACE, "rules", "Rule groups namespace rules is being deleted");
        scheduler.runDue();

        assertNotFound(() -> controlPlane.describeRuleGroupsNamespace(id, "rules"),
                ResourceType.RULE_GROUPS_NAMESPACE, "rules");
    }

    @Test
    void keepsTheExactBytesOfARuleFile() {
        String id = activeWorkspace();
        byte[] data = ("# comments, odd spacing and key order are kept\n" + RULES + "\n\n").getBytes(
                StandardCharsets.UTF_8);

        controlPlane.createRuleGroupsNamespace(id, "rules", data, Map.of(), Optional.empty());

        assertThat(controlPlane.describeRuleGroupsNamespace(id, "rules").data()).isEqualTo(data);
    }

    @Test
    void refusesANamespaceNameThatIsTakenUnlessTheRequestIsARetry() {
        String id = activeWorkspace();
        RuleGroupsNamespace first = controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of(),
                Optional.of("create-1"));

        assertThat(controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of(),
                Optional.of("create-1"))).isEqualTo(first);
        assertConflict(() -> controlPlane.createRuleGroupsNamespace(id, "rules", bytes(OTHER_RULES), Map.of(),
                Optional.of("create-2")), ResourceType.RULE_GROUPS_NAMESPACE, "rules",
                "A rule groups namespace named rules already exists in workspace " + id);
        assertConflict(() -> controlPlane.createRuleGroupsNamespace(id, "rules", bytes(OTHER_RULES), Map.of(),
                Optional.of("create-1")), ResourceType.RULE_GROUPS_NAMESPACE, "rules",
                "A rule groups namespace named rules already exists in workspace " + id);
    }

    @Test
    void refusesRuleFilesThatPrometheusWouldRefuseWithItsMessage() {
        String id = activeWorkspace();
        String bad = """
                groups:
                  - name: x
                    rules:
                      - record: y
                        expr: sum(rate(x[5m])
                """;

        assertThatThrownBy(() -> controlPlane.createRuleGroupsNamespace(id, "rules", bytes(bad), Map.of(),
                Optional.empty())).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
                    assertThat(e.reason()).contains(ValidationReason.FIELD_VALIDATION_FAILED);
                    assertThat(e.getMessage()).startsWith("Invalid rule file: 5:15: group \"x\", rule 1, \"y\": "
                            + "could not parse expression: ");
                    assertThat(e.fields()).extracting(FieldError::name).containsExactly("data");
                });
        assertValidation(() -> controlPlane.createRuleGroupsNamespace(id, "bad name", bytes(RULES), Map.of(),
                Optional.empty()), "name", "Member must satisfy regular expression pattern: [0-9A-Za-z][-.0-9A-Z_a-z]*");
    }

    @Test
    void refusesDefinitionsLargerThanTheLimit() {
        config = new ControlPlaneConfig("000000000000", "us-east-1", URI.create("http://localhost:8080"), 25, 100,
                64, 150, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5));
        controlPlane = newControlPlane();
        String id = activeWorkspace();

        assertValidation(() -> controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of(),
                Optional.empty()), "data", "Member must have length less than or equal to 64 bytes, got "
                + bytes(RULES).length);
    }

    @Test
    void refusesNamespacesBeyondTheWorkspaceQuota() {
        config = withQuotas(25, 2);
        controlPlane = newControlPlane();
        String id = activeWorkspace();
        controlPlane.createRuleGroupsNamespace(id, "a", bytes(RULES), Map.of(), Optional.empty());
        controlPlane.createRuleGroupsNamespace(id, "b", bytes(RULES), Map.of(), Optional.empty());

        assertThatThrownBy(() -> controlPlane.createRuleGroupsNamespace(id, "c", bytes(RULES), Map.of(),
                Optional.empty())).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.SERVICE_QUOTA_EXCEEDED);
                    assertThat(e.quotaCode()).contains("rule-groups-namespaces-per-workspace");
                    assertThat(e.resourceId()).contains(id);
                    assertThat(e.resourceType()).contains(ResourceType.RULE_GROUPS_NAMESPACE);
                });
    }

    @Test
    void listsNamespacesByNameWithAPrefixFilterAndPages() {
        String id = activeWorkspace();
        String other = activeWorkspace();
        for (String name : List.of("beta", "alpha-2", "alpha-1", "gamma")) {
            controlPlane.createRuleGroupsNamespace(id, name, bytes(RULES), Map.of(), Optional.empty());
        }
        controlPlane.createRuleGroupsNamespace(other, "alpha-3", bytes(RULES), Map.of(), Optional.empty());

        Page<RuleGroupsNamespace> all = controlPlane.listRuleGroupsNamespaces(id, Optional.empty(), Optional.empty(),
                Optional.empty());
        assertThat(all.items()).extracting(RuleGroupsNamespace::name)
                .containsExactly("alpha-1", "alpha-2", "beta", "gamma");
        assertThat(all.nextToken()).isEmpty();

        Page<RuleGroupsNamespace> first = controlPlane.listRuleGroupsNamespaces(id, Optional.of("alpha"),
                Optional.of(1), Optional.empty());
        assertThat(first.items()).extracting(RuleGroupsNamespace::name).containsExactly("alpha-1");
        Page<RuleGroupsNamespace> second = controlPlane.listRuleGroupsNamespaces(id, Optional.of("alpha"),
                Optional.of(1), first.nextToken());
        assertThat(second.items()).extracting(RuleGroupsNamespace::name).containsExactly("alpha-2");
        assertThat(second.nextToken()).isEmpty();
        assertValidation(() -> controlPlane.listRuleGroupsNamespaces(other, Optional.of("alpha"), Optional.of(1),
                first.nextToken()), "nextToken", "Invalid nextToken: it was issued for a request with other "
                + "parameters; repeat the parameters of the request that returned it");
    }

    @Test
    void reportsMissingWorkspacesBeforeMissingNamespaces() {
        String id = activeWorkspace();

        assertNotFound(() -> controlPlane.describeRuleGroupsNamespace("ws-gone", "rules"), ResourceType.WORKSPACE,
                "ws-gone");
        assertNotFound(() -> controlPlane.describeRuleGroupsNamespace(id, "rules"),
                ResourceType.RULE_GROUPS_NAMESPACE, "rules");
        assertNotFound(() -> controlPlane.putRuleGroupsNamespace(id, "rules", bytes(RULES), Optional.empty()),
                ResourceType.RULE_GROUPS_NAMESPACE, "rules");
        assertNotFound(() -> controlPlane.listRuleGroupsNamespaces("ws-gone", Optional.empty(), Optional.empty(),
                Optional.empty()), ResourceType.WORKSPACE, "ws-gone");
    }

    // ---- alert manager definitions ------------------------------------------------------------------------------

    @Test
    void keepsOneAlertManagerDefinitionPerWorkspaceThroughItsStatuses() {
        String id = activeWorkspace();
        assertNotFound(() -> controlPlane.describeAlertManagerDefinition(id), ResourceType.ALERT_MANAGER_DEFINITION,
                id);
        assertNotFound(() -> controlPlane.putAlertManagerDefinition(id, bytes(ALERT_MANAGER), Optional.empty()),
                ResourceType.ALERT_MANAGER_DEFINITION, id);

        AlertManagerDefinition created = controlPlane.createAlertManagerDefinition(id, bytes(ALERT_MANAGER),
                Optional.of("am-1"));

        assertThat(created.status()).isEqualTo(ResourceStatus.CREATING);
        assertThat(controlPlane.createAlertManagerDefinition(id, bytes(ALERT_MANAGER), Optional.of("am-1")))
                .as("a retry").isEqualTo(created);
        assertConflict(() -> controlPlane.createAlertManagerDefinition(id, bytes(ALERT_MANAGER), Optional.empty()),
                ResourceType.ALERT_MANAGER_DEFINITION, id, "Workspace " + id + " already has an alert manager "
                        + "definition; use PutAlertManagerDefinition to change it");
        scheduler.runDue();
        assertThat(controlPlane.describeAlertManagerDefinition(id).status()).isEqualTo(ResourceStatus.ACTIVE);

        byte[] changed = (ALERT_MANAGER + "template_files:\n  t: '{{ define \"x\" }}y{{ end }}'\n")
                .getBytes(StandardCharsets.UTF_8);
        clock.advance(Duration.ofSeconds(10));
        assertThat(controlPlane.putAlertManagerDefinition(id, changed, Optional.empty()).status())
                .isEqualTo(ResourceStatus.UPDATING);
        AlertManagerDefinition described = controlPlane.describeAlertManagerDefinition(id);
        assertThat(described.data()).isEqualTo(changed);
        assertThat(described.modifiedAt()).isEqualTo(clock.instant());
        assertThat(described.createdAt()).isEqualTo(created.createdAt());
        scheduler.runDue();

        controlPlane.deleteAlertManagerDefinition(id, Optional.empty());
        assertThat(controlPlane.describeAlertManagerDefinition(id).status()).isEqualTo(ResourceStatus.DELETING);
        scheduler.runDue();
        assertNotFound(() -> controlPlane.describeAlertManagerDefinition(id), ResourceType.ALERT_MANAGER_DEFINITION,
                id);
    }

    @Test
    void refusesAnInvalidAlertManagerDefinitionWithAClearMessage() {
        String id = activeWorkspace();
        String bad = """
                alertmanager_config: |
                  route:
                    receiver: missing
                  receivers:
                    - name: default
                """;

        assertValidation(() -> controlPlane.createAlertManagerDefinition(id, bytes(bad), Optional.empty()), "data",
                "Invalid alert manager definition: alertmanager_config: line 2: undefined receiver \"missing\" used "
                        + "in route");
    }

    // ---- tags ---------------------------------------------------------------------------------------------------

    @Test
    void tagsAndUntagsWorkspacesAndNamespacesByArn() {
        String id = activeWorkspace();
        controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of("a", "1"), Optional.empty());
        String workspaceArn = controlPlane.arns().workspace(id);
        String namespaceArn = controlPlane.arns().ruleGroupsNamespace(id, "rules");

        controlPlane.tagResource(workspaceArn, Map.of("env", "prod", "team", "x"));
        controlPlane.tagResource(workspaceArn, Map.of("team", "y"));
        controlPlane.untagResource(workspaceArn, List.of("env", "never-set"));
        controlPlane.tagResource(namespaceArn, Map.of("b", "2"));

        assertThat(controlPlane.listTagsForResource(workspaceArn)).containsExactly(Map.entry("team", "y"));
        assertThat(controlPlane.describeWorkspace(id).tags()).containsExactly(Map.entry("team", "y"));
        assertThat(controlPlane.listTagsForResource(namespaceArn))
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void refusesMalformedArnsAndReportsArnsOfOtherDeploymentsAsNotFound() {
        String id = activeWorkspace();

        assertValidation(() -> controlPlane.listTagsForResource("arn:aws:s3:::bucket"), "resourceArn",
                "Member must be the ARN of a workspace (arn:aws:aps:<region>:<account>:workspace/<id>) or of a rule "
                        + "groups namespace (arn:aws:aps:<region>:<account>:rulegroupsnamespace/<workspaceId>/<name>), "
                        + "got 'arn:aws:s3:::bucket'");
        String otherRegion = "arn:aws:aps:eu-west-1:000000000000:workspace/" + id;
        assertNotFound(() -> controlPlane.listTagsForResource(otherRegion), ResourceType.WORKSPACE, otherRegion);
        String missingNamespace = controlPlane.arns().ruleGroupsNamespace(id, "missing");
        assertNotFound(() -> controlPlane.tagResource(missingNamespace, Map.of("a", "b")),
                ResourceType.RULE_GROUPS_NAMESPACE, missingNamespace);
    }

    @Test
    void refusesMoreThanFiftyTagsAndEmptyUntagRequests() {
        String id = activeWorkspace();
        String arn = controlPlane.arns().workspace(id);
        controlPlane.tagResource(arn, manyTags(50));

        assertValidation(() -> controlPlane.tagResource(arn, Map.of("one-more", "x")), "tags",
                "A resource may have at most 50 tags; it would have 51");
        assertValidation(() -> controlPlane.untagResource(arn, List.of()), "tagKeys",
                "Member must have length greater than or equal to 1");
        assertThat(controlPlane.listTagsForResource(arn)).hasSize(50);
    }

    // ---- restart ------------------------------------------------------------------------------------------------

    @Test
    void resumesPendingWorkWhenStartedAgainOnTheSameStore() {
        String created = create(Optional.empty()).id();
        String deleted = activeWorkspace();
        controlPlane.createRuleGroupsNamespace(deleted, "rules", bytes(RULES), Map.of(), Optional.empty());
        controlPlane.deleteWorkspace(deleted, Optional.empty());

        TestingScheduler fresh = new TestingScheduler(clock);
        ControlPlane restarted = new ControlPlane(config, store, deleter, fresh, clock, new Random(7),
                new PromqlParser(ParserOptions.defaults()));
        restarted.startAsync().awaitRunning();
        fresh.runDue();

        assertThat(restarted.status(created)).contains(WorkspaceStatus.ACTIVE);
        assertThat(restarted.status(deleted)).isEmpty();
        assertThat(deleter.calls()).containsExactly(deleted);
        restarted.stopAsync().awaitTerminated();
    }

    @Test
    void keepsEverythingInARocksDbStoreAcrossARestart() {
        store = RocksDbControlPlaneStore.open(dir.resolve("control-plane"));
        controlPlane = newControlPlane();
        String id = activeWorkspace();
        controlPlane.createRuleGroupsNamespace(id, "rules", bytes(RULES), Map.of("k", "v"), Optional.empty());
        controlPlane.createAlertManagerDefinition(id, bytes(ALERT_MANAGER), Optional.empty());
        controlPlane.updateWorkspaceConfiguration(id, Optional.of(45), Optional.empty(), Optional.empty());
        scheduler.runDue();
        Workspace before = controlPlane.describeWorkspace(id);
        store.close();

        store = RocksDbControlPlaneStore.open(dir.resolve("control-plane"));
        controlPlane = newControlPlane();

        assertThat(controlPlane.describeWorkspace(id)).isEqualTo(before);
        assertThat(controlPlane.describeWorkspaceConfiguration(id).retentionPeriodInDays()).isEqualTo(45);
        assertThat(controlPlane.describeRuleGroupsNamespace(id, "rules").data()).isEqualTo(bytes(RULES));
        assertThat(controlPlane.describeAlertManagerDefinition(id).data()).isEqualTo(bytes(ALERT_MANAGER));
        store.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ControlPlane newControlPlane() {
        return new ControlPlane(config, store, deleter, scheduler, clock, new Random(42),
                new PromqlParser(ParserOptions.defaults()));
    }

    private Workspace create(Optional<String> alias) {
        return controlPlane.createWorkspace(alias, Map.of(), Optional.empty(), Optional.empty());
    }

    private String activeWorkspace() {
        String id = create(Optional.empty()).id();
        scheduler.runDue();
        return id;
    }

    private List<Workspace> allWorkspaces() {
        return controlPlane.listWorkspaces(Optional.empty(), Optional.of(1000), Optional.empty()).items();
    }

    private static ControlPlaneConfig withQuotas(int workspaces, int namespaces) {
        return new ControlPlaneConfig("000000000000", "us-east-1", URI.create("http://localhost:8080"), workspaces,
                namespaces, 1 << 20, 150, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    private static ControlPlaneConfig withTransitionDelay(Duration delay) {
        return new ControlPlaneConfig("000000000000", "us-east-1", URI.create("http://localhost:8080"), 25, 100,
                1 << 20, 150, delay, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    private static Map<String, String> manyTags(int count) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("key" + i, "value" + i);
        }
        return tags;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertValidation(ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
            assertThat(e.fields()).containsExactly(new FieldError(field, message));
        });
    }

    private static void assertConflict(ThrowingCallable call, ResourceType type, String resourceId, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.CONFLICT);
            assertThat(e.resourceType()).contains(type);
            assertThat(e.resourceId()).contains(resourceId);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertNotFound(ThrowingCallable call, ResourceType type, String resourceId) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
            assertThat(e.resourceType()).contains(type);
            assertThat(e.resourceId()).contains(resourceId);
        });
    }
}
