package io.amphora.controlplane;

import com.google.common.util.concurrent.AbstractIdleService;
import io.amphora.controlplane.ResourceArn.RuleGroupsNamespaceArn;
import io.amphora.controlplane.ResourceArn.WorkspaceArn;
import io.amphora.controlplane.store.ControlPlaneStore;
import io.amphora.controlplane.store.StoredValue;
import io.amphora.controlplane.validation.AlertManagerDefinitionValidator;
import io.amphora.controlplane.validation.InvalidDefinitionException;
import io.amphora.controlplane.validation.Names;
import io.amphora.controlplane.validation.RuleGroupsValidator;
import io.amphora.promql.parser.PromqlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * The control plane: the managed service's workspaces, workspace configurations, rule groups namespaces, alert
 * manager definitions and tags, with the service's rules for each operation (validation, idempotency by client
 * token, quotas, status life cycles) and its errors ({@link ControlPlaneException}).
 *
 * <p>State lives in the {@link ControlPlaneStore}; nothing is cached, so every read sees the latest write. Changes
 * are accepted synchronously and completed in the background on the {@link TaskScheduler}: a new workspace is
 * {@code CREATING} until a task makes it {@code ACTIVE}; a deleted workspace is {@code DELETING} until its data is
 * gone ({@link WorkspaceDataDeleter}, retried with backoff while it fails) and then disappears with everything it
 * held. Work left pending by a stopped process resumes when the service starts.
 *
 * <p>Thread-safe: changes are serialised by one lock per instance and written with compare-and-set, so that a
 * store shared by several instances never loses a write (the losing instance answers ConflictException).
 */
public final class ControlPlane extends AbstractIdleService {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    private static final String WORKSPACES = "workspace/";
    private static final String NAMESPACES = "rulegroupsnamespace/";
    private static final String ALERT_MANAGERS = "alertmanager/";
    private static final String PAGE_TOKEN_KEY = "meta/page-token-key";
    private static final String WORKSPACES_QUOTA = "workspaces-per-account";
    private static final String NAMESPACES_QUOTA = "rule-groups-namespaces-per-workspace";
    private static final Comparator<Workspace> CREATION_ORDER =
            Comparator.comparing(Workspace::createdAt).thenComparing(Workspace::id);

    private final ControlPlaneConfig config;
    private final ControlPlaneStore store;
    private final WorkspaceDataDeleter deleter;
    private final TaskScheduler scheduler;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final RuleGroupsValidator ruleGroupsValidator;
    private final AlertManagerDefinitionValidator alertManagerValidator;
    private final Arns arns;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile PageTokens pageTokens;

    /**
     * @param random the source of workspace ids and of the page-token key: a {@link java.security.SecureRandom} in
     *     production, so that ids cannot be guessed
     * @param parser the PromQL parser rule expressions must satisfy
     */
    public ControlPlane(ControlPlaneConfig config, ControlPlaneStore store, WorkspaceDataDeleter deleter,
            TaskScheduler scheduler, InstantSource clock, RandomGenerator random, PromqlParser parser) {
        this.config = requireNonNull(config, "config is null").validate();
        this.store = requireNonNull(store, "store is null");
        this.deleter = requireNonNull(deleter, "deleter is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.ruleGroupsValidator = new RuleGroupsValidator(requireNonNull(parser, "parser is null"));
        this.alertManagerValidator = new AlertManagerDefinitionValidator();
        this.arns = new Arns(config.region(), config.accountId());
    }

    public ControlPlaneConfig config() {
        return config;
    }

    public Arns arns() {
        return arns;
    }

    /** Resumes the work a previous process left pending: activations, removals and workspace deletions. */
    @Override
    protected void startUp() {
        int resumed = 0;
        for (Workspace workspace : allWorkspaces()) {
            String id = workspace.id();
            if (workspace.status() == WorkspaceStatus.CREATING) {
                schedule(config.transitionDelay(), () -> activateWorkspace(id));
                resumed++;
            } else if (workspace.status() == WorkspaceStatus.DELETING) {
                schedule(Duration.ZERO, () -> purgeWorkspace(id, 0));
                resumed++;
            }
            if (workspace.configuration().status() == ConfigurationStatus.UPDATING) {
                schedule(config.transitionDelay(), () -> activateConfiguration(id));
                resumed++;
            }
        }
        for (StoredValue value : store.scan(NAMESPACES)) {
            RuleGroupsNamespace namespace = decode(value, RecordCodec::decodeNamespace);
            resumed += resumeResource(namespace.status(),
                    () -> finishNamespace(namespace.workspaceId(), namespace.name()));
        }
        for (StoredValue value : store.scan(ALERT_MANAGERS)) {
            AlertManagerDefinition definition = decode(value, RecordCodec::decodeAlertManagerDefinition);
            resumed += resumeResource(definition.status(), () -> finishAlertManager(definition.workspaceId()));
        }
        if (resumed > 0) {
            log.info("control plane resumed {} pending changes", resumed);
        }
    }

    @Override
    protected void shutDown() {
        // Background tasks belong to the scheduler, which its owner stops; the store belongs to its owner too.
    }

    // ---- workspaces ---------------------------------------------------------------------------------------------

    /**
     * Creates a workspace, CREATING until the background makes it ACTIVE. With a client token, a repeat of the same
     * request returns the workspace the first one created; the token with another request is a ConflictException.
     */
    public Workspace createWorkspace(Optional<String> alias, Map<String, String> tags, Optional<String> kmsKeyArn,
            Optional<String> clientToken) {
        Optional<String> trimmedAlias = alias.map(value -> Inputs.alias("alias", value));
        Inputs.tags("tags", tags);
        Inputs.kmsKeyArn(kmsKeyArn);
        Inputs.clientToken(clientToken);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token, Fingerprints.of(
                List.of("CreateWorkspace", trimmedAlias.orElse(""), kmsKeyArn.orElse(""),
                        Fingerprints.canonical(tags)))));
        return locked(() -> {
            List<Workspace> existing = allWorkspaces();
            if (request.isPresent()) {
                for (Workspace workspace : existing) {
                    Optional<IdempotencyKey> previous = workspace.creationRequest();
                    if (previous.isPresent() && previous.get().clientToken().equals(request.get().clientToken())) {
                        if (previous.get().equals(request.get())) {
                            return workspace;
                        }
                        throw ControlPlaneException.conflict(ResourceType.WORKSPACE, workspace.id(), "The clientToken "
                                + "was already used to create workspace " + workspace.id() + " with other parameters");
                    }
                }
            }
            if (existing.size() >= config.maxWorkspaces()) {
                throw ControlPlaneException.quotaExceeded(ResourceType.WORKSPACE, config.accountId(), WORKSPACES_QUOTA,
                        "Workspace quota exceeded: the account holds " + existing.size() + " workspaces, the most "
                                + "allowed is " + config.maxWorkspaces());
            }
            WorkspaceConfiguration configuration = new WorkspaceConfiguration(config.defaultRetentionPeriodDays(),
                    List.of(), ConfigurationStatus.ACTIVE, Optional.empty());
            while (true) {
                Workspace workspace = new Workspace("ws-" + newUuid(), trimmedAlias, WorkspaceStatus.CREATING, now(),
                        tags, kmsKeyArn, configuration, request, Optional.empty());
                if (store.compareAndSet(workspaceKey(workspace.id()), ControlPlaneStore.ABSENT,
                        Optional.of(RecordCodec.encode(workspace))).isPresent()) {
                    schedule(config.transitionDelay(), () -> activateWorkspace(workspace.id()));
                    return workspace;
                }
            }
        });
    }

    public Workspace describeWorkspace(String workspaceId) {
        return requireWorkspace(Inputs.workspaceId(workspaceId)).value();
    }

    /**
     * Workspaces in creation order, including those being created or deleted.
     *
     * @param alias only workspaces with exactly this alias (after trimming blank space), as the managed service
     *     filters
     */
    public Page<Workspace> listWorkspaces(Optional<String> alias, Optional<Integer> maxResults,
            Optional<String> nextToken) {
        Optional<String> filter = alias.map(value -> Inputs.alias("alias", value));
        int max = Inputs.maxResults(maxResults);
        List<String> scope = List.of("ListWorkspaces", filter.map(value -> "=" + value).orElse(""));
        Optional<List<String>> after = nextToken.map(token -> pageTokens().open(token, scope));
        List<Workspace> matching = allWorkspaces().stream()
                .filter(workspace -> filter.isEmpty() || workspace.alias().equals(filter))
                .sorted(CREATION_ORDER)
                .filter(workspace -> after.isEmpty() || isAfter(workspace, after.get()))
                .toList();
        if (matching.size() <= max) {
            return new Page<>(matching, Optional.empty());
        }
        List<Workspace> page = matching.subList(0, max);
        Workspace last = page.getLast();
        return new Page<>(page, Optional.of(pageTokens().issue(scope,
                List.of(Long.toString(last.createdAt().toEpochMilli()), last.id()))));
    }

    /** Sets the alias, or removes it when {@code alias} is empty. */
    public void updateWorkspaceAlias(String workspaceId, Optional<String> alias, Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Optional<String> trimmed = alias.map(value -> Inputs.alias("alias", value));
        Inputs.clientToken(clientToken);
        locked(() -> {
            Stored<Workspace> stored = requireWorkspace(workspaceId);
            requireActive(stored.value(), "update its alias");
            save(workspaceKey(workspaceId), stored.version(), RecordCodec.encode(stored.value().withAlias(trimmed)),
                    ResourceType.WORKSPACE, workspaceId);
            return null;
        });
    }

    /**
     * Starts deleting a workspace: it is DELETING at once; its data, rule groups namespaces, alert manager definition
     * and tags go in the background. Repeating the request with the same client token while the deletion runs is
     * accepted; any other request to delete it then is a ConflictException.
     */
    public void deleteWorkspace(String workspaceId, Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.clientToken(clientToken);
        locked(() -> {
            Stored<Workspace> stored = requireWorkspace(workspaceId);
            Workspace workspace = stored.value();
            if (workspace.status() == WorkspaceStatus.DELETING) {
                if (clientToken.isPresent() && workspace.deletionToken().equals(clientToken)) {
                    return null;
                }
                throw ControlPlaneException.conflict(ResourceType.WORKSPACE, workspaceId,
                        "Workspace " + workspaceId + " is already being deleted");
            }
            save(workspaceKey(workspaceId), stored.version(), RecordCodec.encode(workspace.deleting(clientToken)),
                    ResourceType.WORKSPACE, workspaceId);
            schedule(Duration.ZERO, () -> purgeWorkspace(workspaceId, 0));
            return null;
        });
    }

    /**
     * The status of a workspace, for the gateway: empty when it does not exist (or {@code workspaceId} cannot be an
     * id). Reads the store each time, so it is never stale; throws only when the store fails.
     */
    public Optional<WorkspaceStatus> status(String workspaceId) {
        requireNonNull(workspaceId, "workspaceId is null");
        if (!Inputs.isWorkspaceId(workspaceId)) {
            return Optional.empty();
        }
        return store.get(workspaceKey(workspaceId))
                .map(value -> decode(value, RecordCodec::decodeWorkspace).status());
    }

    // ---- workspace configuration --------------------------------------------------------------------------------

    public WorkspaceConfiguration describeWorkspaceConfiguration(String workspaceId) {
        return requireWorkspace(Inputs.workspaceId(workspaceId)).value().configuration();
    }

    /**
     * Changes the retention and/or the series limits per label set; the configuration is UPDATING until the change
     * is in force. A change while another is still UPDATING is a ConflictException, unless it repeats that change's
     * client token and parameters.
     *
     * @param limitsPerLabelSet replaces all the limits when present (an empty list removes them)
     */
    public ConfigurationStatus updateWorkspaceConfiguration(String workspaceId, Optional<Integer> retentionPeriodInDays,
            Optional<List<LabelSetLimit>> limitsPerLabelSet, Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.clientToken(clientToken);
        if (retentionPeriodInDays.isEmpty() && limitsPerLabelSet.isEmpty()) {
            throw ControlPlaneException.validation(ValidationReason.FIELD_VALIDATION_FAILED,
                    "Specify at least one of limitsPerLabelSet and retentionPeriodInDays");
        }
        retentionPeriodInDays.ifPresent(days -> {
            if (days < 1 || days > ControlPlaneConfig.MAX_RETENTION_PERIOD_DAYS) {
                throw ControlPlaneException.invalidField("retentionPeriodInDays",
                        "Member must have value between 1 and " + ControlPlaneConfig.MAX_RETENTION_PERIOD_DAYS);
            }
        });
        limitsPerLabelSet.ifPresent(ControlPlane::checkLabelSetLimits);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token, Fingerprints.of(List.of(
                "UpdateWorkspaceConfiguration", retentionPeriodInDays.map(String::valueOf).orElse(""),
                limitsPerLabelSet.map(Fingerprints::canonicalLimits).orElse("")))));
        return locked(() -> {
            Stored<Workspace> stored = requireWorkspace(workspaceId);
            Workspace workspace = stored.value();
            WorkspaceConfiguration current = workspace.configuration();
            if (request.isPresent() && current.lastUpdate().equals(request)) {
                return current.status();
            }
            requireActive(workspace, "update its configuration");
            if (current.status() == ConfigurationStatus.UPDATING) {
                throw ControlPlaneException.conflict(ResourceType.WORKSPACE_CONFIGURATION, workspaceId,
                        "The configuration of workspace " + workspaceId + " is being updated; retry when it is ACTIVE");
            }
            WorkspaceConfiguration updated = new WorkspaceConfiguration(
                    retentionPeriodInDays.orElse(current.retentionPeriodInDays()),
                    limitsPerLabelSet.orElse(current.limitsPerLabelSet()), ConfigurationStatus.UPDATING, request);
            save(workspaceKey(workspaceId), stored.version(), RecordCodec.encode(workspace.withConfiguration(updated)),
                    ResourceType.WORKSPACE_CONFIGURATION, workspaceId);
            schedule(config.transitionDelay(), () -> activateConfiguration(workspaceId));
            return ConfigurationStatus.UPDATING;
        });
    }

    private static void checkLabelSetLimits(List<LabelSetLimit> limits) {
        if (limits.size() > Inputs.MAX_LABEL_SET_LIMITS) {
            throw ControlPlaneException.invalidField("limitsPerLabelSet",
                    "Member must have length less than or equal to " + Inputs.MAX_LABEL_SET_LIMITS);
        }
        Set<Map<String, String>> seen = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            LabelSetLimit limit = limits.get(i);
            String field = "limitsPerLabelSet." + (i + 1) + ".labelSet";
            for (Map.Entry<String, String> label : limit.labelSet().entrySet()) {
                if (!Names.isLabelName(label.getKey()) || label.getKey().equals(Names.METRIC_NAME_LABEL)) {
                    throw ControlPlaneException.invalidField(field, "Label name '" + label.getKey()
                            + "' must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]* and not be __name__");
                }
                if (label.getValue().isEmpty()) {
                    throw ControlPlaneException.invalidField(field,
                            "The value of label '" + label.getKey() + "' must not be empty");
                }
            }
            if (!seen.add(limit.labelSet())) {
                throw ControlPlaneException.invalidField(field,
                        "Each label set may appear once; " + limit.labelSet() + " is repeated");
            }
        }
    }

    // ---- rule groups namespaces ---------------------------------------------------------------------------------

    /**
     * Creates a rule groups namespace from a Prometheus rule file, CREATING until the background makes it ACTIVE.
     * With a client token, a repeat of the same request returns the namespace it created.
     */
    public RuleGroupsNamespace createRuleGroupsNamespace(String workspaceId, String name, byte[] data,
            Map<String, String> tags, Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.namespaceName(name);
        Inputs.tags("tags", tags);
        Inputs.clientToken(clientToken);
        checkRuleFile(data);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token, Fingerprints.of(List.of(
                "CreateRuleGroupsNamespace", workspaceId, name, Base64.getEncoder().encodeToString(data),
                Fingerprints.canonical(tags)))));
        return locked(() -> {
            Workspace workspace = requireWorkspace(workspaceId).value();
            Optional<Stored<RuleGroupsNamespace>> existing = namespace(workspaceId, name);
            if (existing.isPresent()) {
                if (request.isPresent() && existing.get().value().lastRequest().equals(request)) {
                    return existing.get().value();
                }
                throw ControlPlaneException.conflict(ResourceType.RULE_GROUPS_NAMESPACE, name, "A rule groups "
                        + "namespace named " + name + " already exists in workspace " + workspaceId);
            }
            requireActive(workspace, "create rule groups namespaces");
            int count = store.scan(namespacePrefix(workspaceId)).size();
            if (count >= config.maxRuleGroupsNamespaces()) {
                throw ControlPlaneException.quotaExceeded(ResourceType.RULE_GROUPS_NAMESPACE, workspaceId,
                        NAMESPACES_QUOTA, "Rule groups namespace quota exceeded: workspace " + workspaceId + " holds "
                                + count + ", the most allowed is " + config.maxRuleGroupsNamespaces());
            }
            Instant now = now();
            RuleGroupsNamespace namespace = new RuleGroupsNamespace(workspaceId, name, data, ResourceStatus.CREATING,
                    now, now, tags, request);
            save(namespaceKey(workspaceId, name), ControlPlaneStore.ABSENT, RecordCodec.encode(namespace),
                    ResourceType.RULE_GROUPS_NAMESPACE, name);
            schedule(config.transitionDelay(), () -> finishNamespace(workspaceId, name));
            return namespace;
        });
    }

    /** Replaces the rule file of an existing namespace; UPDATING until the background makes it ACTIVE again. */
    public RuleGroupsNamespace putRuleGroupsNamespace(String workspaceId, String name, byte[] data,
            Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.namespaceName(name);
        Inputs.clientToken(clientToken);
        checkRuleFile(data);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token, Fingerprints.of(List.of(
                "PutRuleGroupsNamespace", workspaceId, name, Base64.getEncoder().encodeToString(data)))));
        return locked(() -> {
            Workspace workspace = requireWorkspace(workspaceId).value();
            Stored<RuleGroupsNamespace> stored = requireNamespace(workspaceId, name);
            RuleGroupsNamespace current = stored.value();
            if (request.isPresent() && current.lastRequest().equals(request)) {
                return current;
            }
            requireActive(workspace, "update rule groups namespaces");
            if (current.status() == ResourceStatus.DELETING) {
                throw ControlPlaneException.conflict(ResourceType.RULE_GROUPS_NAMESPACE, name,
                        "Rule groups namespace " + name + " is being deleted");
            }
            RuleGroupsNamespace updated = current.withData(data, ResourceStatus.UPDATING, now(), request);
            save(namespaceKey(workspaceId, name), stored.version(), RecordCodec.encode(updated),
                    ResourceType.RULE_GROUPS_NAMESPACE, name);
            schedule(config.transitionDelay(), () -> finishNamespace(workspaceId, name));
            return updated;
        });
    }

    public RuleGroupsNamespace describeRuleGroupsNamespace(String workspaceId, String name) {
        Inputs.workspaceId(workspaceId);
        Inputs.namespaceName(name);
        requireWorkspace(workspaceId);
        return requireNamespace(workspaceId, name).value();
    }

    /**
     * The namespaces of a workspace by name.
     *
     * @param name only namespaces whose name begins with this
     */
    public Page<RuleGroupsNamespace> listRuleGroupsNamespaces(String workspaceId, Optional<String> name,
            Optional<Integer> maxResults, Optional<String> nextToken) {
        Inputs.workspaceId(workspaceId);
        name.ifPresent(Inputs::namespaceName);
        int max = Inputs.maxResults(maxResults);
        List<String> scope = List.of("ListRuleGroupsNamespaces", workspaceId, name.map(value -> "=" + value).orElse(""));
        Optional<String> after = nextToken.map(token -> pageTokens().open(token, scope).getFirst());
        requireWorkspace(workspaceId);
        List<RuleGroupsNamespace> matching = new ArrayList<>();
        for (StoredValue value : store.scan(namespacePrefix(workspaceId))) {
            RuleGroupsNamespace namespace = decode(value, RecordCodec::decodeNamespace);
            if ((name.isEmpty() || namespace.name().startsWith(name.get()))
                    && (after.isEmpty() || namespace.name().compareTo(after.get()) > 0)) {
                matching.add(namespace);
            }
        }
        if (matching.size() <= max) {
            return new Page<>(matching, Optional.empty());
        }
        List<RuleGroupsNamespace> page = matching.subList(0, max);
        return new Page<>(page, Optional.of(pageTokens().issue(scope, List.of(page.getLast().name()))));
    }

    /** Starts deleting a namespace: DELETING at once, gone when the background gets to it. */
    public void deleteRuleGroupsNamespace(String workspaceId, String name, Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.namespaceName(name);
        Inputs.clientToken(clientToken);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token,
                Fingerprints.of(List.of("DeleteRuleGroupsNamespace", workspaceId, name))));
        locked(() -> {
            Workspace workspace = requireWorkspace(workspaceId).value();
            Stored<RuleGroupsNamespace> stored = requireNamespace(workspaceId, name);
            RuleGroupsNamespace current = stored.value();
            if (current.status() == ResourceStatus.DELETING) {
                if (request.isPresent() && current.lastRequest().equals(request)) {
                    return null;
                }
                throw ControlPlaneException.conflict(ResourceType.RULE_GROUPS_NAMESPACE, name,
                        "Rule groups namespace " + name + " is already being deleted");
            }
            requireActive(workspace, "delete rule groups namespaces");
            save(namespaceKey(workspaceId, name), stored.version(),
                    RecordCodec.encode(current.deleting(request)), ResourceType.RULE_GROUPS_NAMESPACE, name);
            schedule(config.transitionDelay(), () -> finishNamespace(workspaceId, name));
            return null;
        });
    }

    // ---- alert manager definitions ------------------------------------------------------------------------------

    /** Creates the workspace's alert manager definition (there is at most one), CREATING until ACTIVE. */
    public AlertManagerDefinition createAlertManagerDefinition(String workspaceId, byte[] data,
            Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.clientToken(clientToken);
        checkAlertManagerDefinition(data);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token, Fingerprints.of(List.of(
                "CreateAlertManagerDefinition", workspaceId, Base64.getEncoder().encodeToString(data)))));
        return locked(() -> {
            Workspace workspace = requireWorkspace(workspaceId).value();
            Optional<Stored<AlertManagerDefinition>> existing = alertManager(workspaceId);
            if (existing.isPresent()) {
                if (request.isPresent() && existing.get().value().lastRequest().equals(request)) {
                    return existing.get().value();
                }
                throw ControlPlaneException.conflict(ResourceType.ALERT_MANAGER_DEFINITION, workspaceId,
                        "Workspace " + workspaceId + " already has an alert manager definition; "
                                + "use PutAlertManagerDefinition to change it");
            }
            requireActive(workspace, "create an alert manager definition");
            Instant now = now();
            AlertManagerDefinition definition = new AlertManagerDefinition(workspaceId, data, ResourceStatus.CREATING,
                    now, now, request);
            save(alertManagerKey(workspaceId), ControlPlaneStore.ABSENT, RecordCodec.encode(definition),
                    ResourceType.ALERT_MANAGER_DEFINITION, workspaceId);
            schedule(config.transitionDelay(), () -> finishAlertManager(workspaceId));
            return definition;
        });
    }

    /** Replaces the workspace's existing alert manager definition; UPDATING until ACTIVE again. */
    public AlertManagerDefinition putAlertManagerDefinition(String workspaceId, byte[] data,
            Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.clientToken(clientToken);
        checkAlertManagerDefinition(data);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token, Fingerprints.of(List.of(
                "PutAlertManagerDefinition", workspaceId, Base64.getEncoder().encodeToString(data)))));
        return locked(() -> {
            Workspace workspace = requireWorkspace(workspaceId).value();
            Stored<AlertManagerDefinition> stored = requireAlertManager(workspaceId);
            AlertManagerDefinition current = stored.value();
            if (request.isPresent() && current.lastRequest().equals(request)) {
                return current;
            }
            requireActive(workspace, "update its alert manager definition");
            if (current.status() == ResourceStatus.DELETING) {
                throw ControlPlaneException.conflict(ResourceType.ALERT_MANAGER_DEFINITION, workspaceId,
                        "The alert manager definition of workspace " + workspaceId + " is being deleted");
            }
            AlertManagerDefinition updated = current.withData(data, ResourceStatus.UPDATING, now(), request);
            save(alertManagerKey(workspaceId), stored.version(), RecordCodec.encode(updated),
                    ResourceType.ALERT_MANAGER_DEFINITION, workspaceId);
            schedule(config.transitionDelay(), () -> finishAlertManager(workspaceId));
            return updated;
        });
    }

    public AlertManagerDefinition describeAlertManagerDefinition(String workspaceId) {
        Inputs.workspaceId(workspaceId);
        requireWorkspace(workspaceId);
        return requireAlertManager(workspaceId).value();
    }

    /** Starts deleting the alert manager definition: DELETING at once, gone when the background gets to it. */
    public void deleteAlertManagerDefinition(String workspaceId, Optional<String> clientToken) {
        Inputs.workspaceId(workspaceId);
        Inputs.clientToken(clientToken);
        Optional<IdempotencyKey> request = clientToken.map(token -> new IdempotencyKey(token,
                Fingerprints.of(List.of("DeleteAlertManagerDefinition", workspaceId))));
        locked(() -> {
            Workspace workspace = requireWorkspace(workspaceId).value();
            Stored<AlertManagerDefinition> stored = requireAlertManager(workspaceId);
            AlertManagerDefinition current = stored.value();
            if (current.status() == ResourceStatus.DELETING) {
                if (request.isPresent() && current.lastRequest().equals(request)) {
                    return null;
                }
                throw ControlPlaneException.conflict(ResourceType.ALERT_MANAGER_DEFINITION, workspaceId,
                        "The alert manager definition of workspace " + workspaceId + " is already being deleted");
            }
            requireActive(workspace, "delete its alert manager definition");
            save(alertManagerKey(workspaceId), stored.version(), RecordCodec.encode(current.deleting(request)),
                    ResourceType.ALERT_MANAGER_DEFINITION, workspaceId);
            schedule(config.transitionDelay(), () -> finishAlertManager(workspaceId));
            return null;
        });
    }

    // ---- tags ---------------------------------------------------------------------------------------------------

    /**
     * Adds tags to a workspace or rule groups namespace, replacing the values of keys it already has. A workspace
     * being deleted no longer takes tags (ResourceNotFoundException: the operation has no conflict error).
     */
    public void tagResource(String resourceArn, Map<String, String> tags) {
        ResourceArn resource = arns.parse(resourceArn);
        Inputs.tags("tags", tags);
        locked(() -> {
            updateTags(resource, resourceArn, current -> {
                Map<String, String> merged = new LinkedHashMap<>(current);
                merged.putAll(tags);
                if (merged.size() > Inputs.MAX_TAGS) {
                    throw ControlPlaneException.invalidField("tags", "A resource may have at most " + Inputs.MAX_TAGS
                            + " tags; it would have " + merged.size());
                }
                return merged;
            });
            return null;
        });
    }

    /** Removes the tags with these keys; keys the resource does not have are ignored. */
    public void untagResource(String resourceArn, List<String> tagKeys) {
        ResourceArn resource = arns.parse(resourceArn);
        if (tagKeys.isEmpty()) {
            throw ControlPlaneException.invalidField("tagKeys", "Member must have length greater than or equal to 1");
        }
        tagKeys.forEach(key -> Inputs.tagKey("tagKeys", key));
        locked(() -> {
            updateTags(resource, resourceArn, current -> {
                Map<String, String> remaining = new LinkedHashMap<>(current);
                tagKeys.forEach(remaining::remove);
                return remaining;
            });
            return null;
        });
    }

    public Map<String, String> listTagsForResource(String resourceArn) {
        return switch (arns.parse(resourceArn)) {
            case WorkspaceArn(String id) -> requireWorkspace(id, resourceArn).value().tags();
            case RuleGroupsNamespaceArn(String workspaceId, String name) -> {
                requireWorkspace(workspaceId, resourceArn);
                yield requireNamespace(workspaceId, name, resourceArn).value().tags();
            }
        };
    }

    private void updateTags(ResourceArn resource, String resourceArn,
            Function<Map<String, String>, Map<String, String>> change) {
        switch (resource) {
            case WorkspaceArn(String id) -> {
                Stored<Workspace> stored = requireWorkspace(id, resourceArn);
                requireNotDeleting(stored.value(), resourceArn);
                Workspace workspace = stored.value();
                save(workspaceKey(id), stored.version(),
                        RecordCodec.encode(workspace.withTags(change.apply(workspace.tags()))),
                        ResourceType.WORKSPACE, id);
            }
            case RuleGroupsNamespaceArn(String workspaceId, String name) -> {
                requireNotDeleting(requireWorkspace(workspaceId, resourceArn).value(), resourceArn);
                Stored<RuleGroupsNamespace> stored = requireNamespace(workspaceId, name, resourceArn);
                if (stored.value().status() == ResourceStatus.DELETING) {
                    throw ControlPlaneException.notFound(ResourceType.RULE_GROUPS_NAMESPACE, resourceArn,
                            "Rule groups namespace " + name + " is being deleted");
                }
                RuleGroupsNamespace namespace = stored.value();
                save(namespaceKey(workspaceId, name), stored.version(),
                        RecordCodec.encode(namespace.withTags(change.apply(namespace.tags()))),
                        ResourceType.RULE_GROUPS_NAMESPACE, name);
            }
        }
    }

    // ---- background work ----------------------------------------------------------------------------------------

    private void activateWorkspace(String workspaceId) {
        locked(() -> {
            store.get(workspaceKey(workspaceId)).ifPresent(value -> {
                Workspace workspace = decode(value, RecordCodec::decodeWorkspace);
                if (workspace.status() == WorkspaceStatus.CREATING) {
                    save(value.key(), value.version(), RecordCodec.encode(workspace.withStatus(WorkspaceStatus.ACTIVE)),
                            ResourceType.WORKSPACE, workspaceId);
                }
            });
            return null;
        });
    }

    private void activateConfiguration(String workspaceId) {
        locked(() -> {
            store.get(workspaceKey(workspaceId)).ifPresent(value -> {
                Workspace workspace = decode(value, RecordCodec::decodeWorkspace);
                if (workspace.configuration().status() == ConfigurationStatus.UPDATING) {
                    save(value.key(), value.version(), RecordCodec.encode(workspace.withConfiguration(
                            workspace.configuration().withStatus(ConfigurationStatus.ACTIVE))),
                            ResourceType.WORKSPACE_CONFIGURATION, workspaceId);
                }
            });
            return null;
        });
    }

    /** Completes what the namespace's status announces: CREATING or UPDATING becomes ACTIVE, DELETING goes. */
    private void finishNamespace(String workspaceId, String name) {
        locked(() -> {
            namespace(workspaceId, name).ifPresent(stored -> {
                String key = namespaceKey(workspaceId, name);
                switch (stored.value().status()) {
                    case CREATING, UPDATING -> save(key, stored.version(),
                            RecordCodec.encode(stored.value().withStatus(ResourceStatus.ACTIVE)),
                            ResourceType.RULE_GROUPS_NAMESPACE, name);
                    case DELETING -> remove(key, stored.version(), ResourceType.RULE_GROUPS_NAMESPACE, name);
                    case ACTIVE, CREATION_FAILED, UPDATE_FAILED -> {
                        // Nothing pending: another task finished it.
                    }
                }
            });
            return null;
        });
    }

    /** Completes what the definition's status announces: CREATING or UPDATING becomes ACTIVE, DELETING goes. */
    private void finishAlertManager(String workspaceId) {
        locked(() -> {
            alertManager(workspaceId).ifPresent(stored -> {
                String key = alertManagerKey(workspaceId);
                switch (stored.value().status()) {
                    case CREATING, UPDATING -> save(key, stored.version(),
                            RecordCodec.encode(stored.value().withStatus(ResourceStatus.ACTIVE)),
                            ResourceType.ALERT_MANAGER_DEFINITION, workspaceId);
                    case DELETING -> remove(key, stored.version(), ResourceType.ALERT_MANAGER_DEFINITION, workspaceId);
                    case ACTIVE, CREATION_FAILED, UPDATE_FAILED -> {
                        // Nothing pending: another task finished it.
                    }
                }
            });
            return null;
        });
    }

    /**
     * Deletes a DELETING workspace's data, then its records. The deleter runs outside the lock (it may take long);
     * when it fails, the workspace stays DELETING and this runs again after a backoff that doubles per attempt.
     */
    private void purgeWorkspace(String workspaceId, int attempt) {
        Optional<Workspace> workspace = store.get(workspaceKey(workspaceId))
                .map(value -> decode(value, RecordCodec::decodeWorkspace));
        if (workspace.isEmpty() || workspace.get().status() != WorkspaceStatus.DELETING) {
            return;
        }
        try {
            deleter.deleteData(workspaceId);
        } catch (Exception e) {
            Duration backoff = backoff(attempt);
            log.warn("deleting the data of workspace {} failed (attempt {}); retrying in {}", workspaceId,
                    attempt + 1, backoff, e);
            schedule(backoff, () -> purgeWorkspace(workspaceId, attempt + 1));
            return;
        }
        locked(() -> {
            for (StoredValue value : store.scan(namespacePrefix(workspaceId))) {
                remove(value.key(), value.version(), ResourceType.RULE_GROUPS_NAMESPACE, value.key());
            }
            alertManager(workspaceId).ifPresent(stored -> remove(alertManagerKey(workspaceId), stored.version(),
                    ResourceType.ALERT_MANAGER_DEFINITION, workspaceId));
            store.get(workspaceKey(workspaceId)).ifPresent(value ->
                    remove(value.key(), value.version(), ResourceType.WORKSPACE, workspaceId));
            return null;
        });
        log.info("workspace {} deleted", workspaceId);
    }

    Duration backoff(int attempt) {
        Duration max = config.deletionRetryMaxBackoff();
        Duration backoff = config.deletionRetryMinBackoff();
        for (int i = 0; i < attempt && backoff.compareTo(max) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(max) > 0 ? max : backoff;
    }

    /**
     * Schedules background work that retries itself when the store fails under it, with the deletion backoff; the
     * request that scheduled it has already been answered, so a failure must not lose the work.
     */
    private void schedule(Duration delay, Runnable task) {
        scheduler.schedule(delay, () -> runRetrying(task, 0));
    }

    private void runRetrying(Runnable task, int attempt) {
        try {
            task.run();
        } catch (RuntimeException e) {
            Duration backoff = backoff(attempt);
            log.warn("control-plane background task failed (attempt {}); retrying in {}", attempt + 1, backoff, e);
            scheduler.schedule(backoff, () -> runRetrying(task, attempt + 1));
        }
    }

    private int resumeResource(ResourceStatus status, Runnable finish) {
        return switch (status) {
            case CREATING, UPDATING, DELETING -> {
                schedule(config.transitionDelay(), finish);
                yield 1;
            }
            case ACTIVE, CREATION_FAILED, UPDATE_FAILED -> 0;
        };
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A record and the store version it was read at, to write it back with compare-and-set. */
    private record Stored<T>(T value, long version) {}

    private Stored<Workspace> requireWorkspace(String workspaceId) {
        return requireWorkspace(workspaceId, workspaceId);
    }

    /** @param resourceId what a ResourceNotFoundException reports as the resource (the id, or the ARN asked for) */
    private Stored<Workspace> requireWorkspace(String workspaceId, String resourceId) {
        StoredValue value = store.get(workspaceKey(workspaceId)).orElseThrow(() -> ControlPlaneException.notFound(
                ResourceType.WORKSPACE, resourceId, "Workspace " + workspaceId + " not found"));
        return new Stored<>(decode(value, RecordCodec::decodeWorkspace), value.version());
    }

    private Optional<Stored<RuleGroupsNamespace>> namespace(String workspaceId, String name) {
        return store.get(namespaceKey(workspaceId, name))
                .map(value -> new Stored<>(decode(value, RecordCodec::decodeNamespace), value.version()));
    }

    private Stored<RuleGroupsNamespace> requireNamespace(String workspaceId, String name) {
        return requireNamespace(workspaceId, name, name);
    }

    /** @param resourceId what a ResourceNotFoundException reports as the resource (the name, or the ARN asked for) */
    private Stored<RuleGroupsNamespace> requireNamespace(String workspaceId, String name, String resourceId) {
        return namespace(workspaceId, name).orElseThrow(() -> ControlPlaneException.notFound(
                ResourceType.RULE_GROUPS_NAMESPACE, resourceId,
                "Rule groups namespace " + name + " not found in workspace " + workspaceId));
    }

    private Optional<Stored<AlertManagerDefinition>> alertManager(String workspaceId) {
        return store.get(alertManagerKey(workspaceId))
                .map(value -> new Stored<>(decode(value, RecordCodec::decodeAlertManagerDefinition), value.version()));
    }

    private Stored<AlertManagerDefinition> requireAlertManager(String workspaceId) {
        return alertManager(workspaceId).orElseThrow(() -> ControlPlaneException.notFound(
                ResourceType.ALERT_MANAGER_DEFINITION, workspaceId,
                "Workspace " + workspaceId + " has no alert manager definition"));
    }

    private static void requireActive(Workspace workspace, String action) {
        if (workspace.status() != WorkspaceStatus.ACTIVE) {
            throw ControlPlaneException.conflict(ResourceType.WORKSPACE, workspace.id(), "Workspace " + workspace.id()
                    + " is " + workspace.status() + "; it must be ACTIVE to " + action);
        }
    }

    private static void requireNotDeleting(Workspace workspace, String resourceArn) {
        if (workspace.status() == WorkspaceStatus.DELETING) {
            throw ControlPlaneException.notFound(ResourceType.WORKSPACE, resourceArn,
                    "Workspace " + workspace.id() + " is being deleted");
        }
    }

    private void checkRuleFile(byte[] data) {
        checkSize(data);
        try {
            ruleGroupsValidator.validate(data);
        } catch (InvalidDefinitionException e) {
            throw ControlPlaneException.invalidContent("data", "Invalid rule file: " + e.getMessage());
        }
    }

    private void checkAlertManagerDefinition(byte[] data) {
        checkSize(data);
        try {
            alertManagerValidator.validate(data);
        } catch (InvalidDefinitionException e) {
            throw ControlPlaneException.invalidContent("data", "Invalid alert manager definition: " + e.getMessage());
        }
    }

    private void checkSize(byte[] data) {
        requireNonNull(data, "data is null");
        if (data.length > config.maxDefinitionBytes()) {
            throw ControlPlaneException.invalidField("data", "Member must have length less than or equal to "
                    + config.maxDefinitionBytes() + " bytes, got " + data.length);
        }
    }

    private List<Workspace> allWorkspaces() {
        List<Workspace> workspaces = new ArrayList<>();
        for (StoredValue value : store.scan(WORKSPACES)) {
            workspaces.add(decode(value, RecordCodec::decodeWorkspace));
        }
        return workspaces;
    }

    private static boolean isAfter(Workspace workspace, List<String> position) {
        if (position.size() != 2) {
            throw ControlPlaneException.invalidContent("nextToken", "Invalid nextToken");
        }
        long createdAt;
        try {
            createdAt = Long.parseLong(position.get(0));
        } catch (NumberFormatException e) {
            throw ControlPlaneException.invalidContent("nextToken", "Invalid nextToken");
        }
        int byTime = Long.compare(workspace.createdAt().toEpochMilli(), createdAt);
        return byTime > 0 || (byTime == 0 && workspace.id().compareTo(position.get(1)) > 0);
    }

    private PageTokens pageTokens() {
        PageTokens tokens = pageTokens;
        if (tokens != null) {
            return tokens;
        }
        return locked(() -> {
            if (pageTokens == null) {
                Optional<StoredValue> stored = store.get(PAGE_TOKEN_KEY);
                while (stored.isEmpty()) {
                    byte[] key = new byte[PageTokens.KEY_BYTES];
                    random.nextBytes(key);
                    store.compareAndSet(PAGE_TOKEN_KEY, ControlPlaneStore.ABSENT, Optional.of(key));
                    stored = store.get(PAGE_TOKEN_KEY);
                }
                pageTokens = new PageTokens(stored.get().value());
            }
            return pageTokens;
        });
    }

    private void save(String key, long expectedVersion, byte[] value, ResourceType type, String resourceId) {
        if (store.compareAndSet(key, expectedVersion, Optional.of(value)).isEmpty()) {
            throw concurrentChange(type, resourceId);
        }
    }

    private void remove(String key, long expectedVersion, ResourceType type, String resourceId) {
        if (store.compareAndSet(key, expectedVersion, Optional.empty()).isEmpty()) {
            throw concurrentChange(type, resourceId);
        }
    }

    private static ControlPlaneException concurrentChange(ResourceType type, String resourceId) {
        return ControlPlaneException.conflict(type, resourceId,
                "The resource was changed by another request at the same time; retry");
    }

    private static <T> T decode(StoredValue value, Function<byte[], T> decoder) {
        try {
            return decoder.apply(value.value());
        } catch (RuntimeException e) {
            throw ControlPlaneException.internal("The record " + value.key() + " cannot be read", e);
        }
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private String newUuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static String workspaceKey(String workspaceId) {
        return WORKSPACES + workspaceId;
    }

    private static String namespacePrefix(String workspaceId) {
        return NAMESPACES + workspaceId + "/";
    }

    private static String namespaceKey(String workspaceId, String name) {
        return namespacePrefix(workspaceId) + name;
    }

    private static String alertManagerKey(String workspaceId) {
        return ALERT_MANAGERS + workspaceId;
    }
}
