package io.amphora.controlplane.validation;

import io.amphora.model.Matcher;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Validates an alert manager definition in the managed service's format: a YAML document with
 * {@code alertmanager_config: |} (the Alertmanager configuration, as a string) and optionally {@code template_files}
 * (template names to template text). The configuration is checked as Alertmanager checks its own, with its
 * messages where it has them:
 * <ul>
 *   <li>only known fields, values of the right kind, valid durations, label names, matchers and RE2 expressions;</li>
 *   <li>a {@code route} whose root names a {@code receiver} and has no matchers or time intervals; every receiver a
 *       route names exists; receiver names are unique and present; {@code group_by} has no duplicates and uses
 *       {@code ...} alone; {@code group_interval} and {@code repeat_interval} are not zero;</li>
 *   <li>{@code inhibit_rules} and {@code time_intervals} well formed, time interval names unique, every interval a
 *       route names defined;</li>
 *   <li>receivers integrate through {@code sns_configs} (one of {@code topic_arn}, {@code target_arn},
 *       {@code phone_number}) or {@code webhook_configs} (one of {@code url}, {@code url_file}), the integrations
 *       Amphora's alertmanager delivers to; other Alertmanager integrations are refused by name.</li>
 * </ul>
 * Problems of the embedded configuration read {@code alertmanager_config: line N: ...}, lines counted within it.
 * {@code http_config} blocks are checked for known fields only; the Go templates are not parsed here.
 *
 * <p>Stateless and thread-safe.
 */
public final class AlertManagerDefinitionValidator {
    private static final Set<String> DEFINITION_FIELDS = Set.of("alertmanager_config", "template_files");
    private static final Set<String> CONFIG_FIELDS = Set.of(
            "global", "route", "inhibit_rules", "receivers", "templates", "mute_time_intervals", "time_intervals");
    private static final Set<String> GLOBAL_FIELDS = Set.of(
            "resolve_timeout", "http_config", "jira_api_url", "smtp_from", "smtp_hello", "smtp_smarthost",
            "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file", "smtp_auth_secret",
            "smtp_auth_secret_file", "smtp_auth_identity", "smtp_require_tls", "smtp_tls_config", "slack_api_url",
            "slack_api_url_file", "pagerduty_url", "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file",
            "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id", "victorops_api_url", "victorops_api_key",
            "victorops_api_key_file", "telegram_api_url", "webex_api_url", "rocketchat_api_url", "rocketchat_token",
            "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file");
    private static final List<String> GLOBAL_URL_FIELDS = List.of("jira_api_url", "pagerduty_url", "opsgenie_api_url",
            "wechat_api_url", "victorops_api_url", "telegram_api_url", "webex_api_url", "rocketchat_api_url");
    private static final Set<String> ROUTE_FIELDS = Set.of(
            "receiver", "group_by", "match", "match_re", "matchers", "mute_time_intervals", "active_time_intervals",
            "continue", "routes", "group_wait", "group_interval", "repeat_interval");
    private static final Set<String> INHIBIT_FIELDS = Set.of("name", "source_match", "source_match_re",
            "source_matchers", "target_match", "target_match_re", "target_matchers", "equal");
    private static final String SNS = "sns_configs";
    private static final String WEBHOOK = "webhook_configs";
    private static final List<String> UNSUPPORTED_INTEGRATIONS = List.of(
            "discord_configs", "email_configs", "incidentio_configs", "pagerduty_configs", "slack_configs",
            "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs", "telegram_configs",
            "webex_configs", "msteams_configs", "msteamsv2_configs", "jira_configs", "rocketchat_configs",
            "mattermost_configs");
    private static final Set<String> RECEIVER_FIELDS = receiverFields();
    private static final Set<String> SNS_FIELDS = Set.of("send_resolved", "http_config", "api_url", "sigv4",
            "topic_arn", "phone_number", "target_arn", "subject", "message", "attributes");
    private static final Set<String> SIGV4_FIELDS =
            Set.of("region", "access_key", "secret_key", "profile", "role_arn", "external_id", "use_fips_sts_endpoint");
    private static final Set<String> WEBHOOK_FIELDS =
            Set.of("send_resolved", "http_config", "url", "url_file", "max_alerts", "timeout");
    private static final Set<String> HTTP_CONFIG_FIELDS = Set.of("basic_auth", "authorization", "oauth2",
            "bearer_token", "bearer_token_file", "tls_config", "follow_redirects", "enable_http2", "proxy_url",
            "no_proxy", "proxy_from_environment", "proxy_connect_header", "http_headers");
    private static final Set<String> TIME_INTERVAL_FIELDS = Set.of("name", "time_intervals");
    private static final int MAX_ROUTE_DEPTH = 100;

    /**
     * @param data the definition's YAML bytes
     * @throws InvalidDefinitionException listing the problems, when it is not a valid definition
     */
    public void validate(byte[] data) throws InvalidDefinitionException {
        requireNonNull(data, "data is null");
        Optional<Node> root = YamlReader.parse(data);
        if (root.isEmpty()) {
            throw new InvalidDefinitionException("the definition is empty: it needs alertmanager_config, the "
                    + "Alertmanager configuration as a string (alertmanager_config: |)");
        }
        YamlReader outer = new YamlReader();
        Map<String, Node> fields = outer.mapping(root.get(), "the alert manager definition (fields: "
                + "alertmanager_config, template_files)", DEFINITION_FIELDS);
        if (fields.containsKey("template_files")) {
            outer.stringMap(fields.get("template_files"));
        }
        Node config = fields.get("alertmanager_config");
        if (config != null && !(config instanceof ScalarNode)) {
            outer.problem(config, "alertmanager_config must be a string holding the Alertmanager configuration; "
                    + "write it as a block: alertmanager_config: |");
        }
        if (outer.hasProblems()) {
            throw new InvalidDefinitionException(outer.problems());
        }
        String text = config == null || YamlReader.isNull(config) ? "" : ((ScalarNode) config).getValue();
        if (text.isBlank()) {
            throw new InvalidDefinitionException("alertmanager_config is required: the Alertmanager configuration, "
                    + "with at least a route and its receiver");
        }
        List<String> problems = validateConfig(text.getBytes(StandardCharsets.UTF_8));
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems.stream().map(p -> "alertmanager_config: " + p).toList());
        }
    }

    private List<String> validateConfig(byte[] config) {
        Optional<Node> root;
        try {
            root = YamlReader.parse(config);
        } catch (InvalidDefinitionException e) {
            return e.problems();
        }
        if (root.isEmpty()) {
            return List.of("no routes provided");
        }
        YamlReader yaml = new YamlReader();
        Map<String, Node> fields = yaml.mapping(root.get(), "the Alertmanager configuration", CONFIG_FIELDS);
        if (fields.containsKey("global")) {
            global(yaml, fields.get("global"));
        }
        if (fields.containsKey("templates")) {
            yaml.strings(fields.get("templates"));
        }
        Set<String> receivers = receivers(yaml, fields.get("receivers"));
        Set<String> intervals = new HashSet<>();
        timeIntervals(yaml, fields.get("mute_time_intervals"), "mute time interval", intervals);
        timeIntervals(yaml, fields.get("time_intervals"), "time interval", intervals);
        if (fields.containsKey("inhibit_rules")) {
            for (Node rule : yaml.sequence(fields.get("inhibit_rules"), "[]config.InhibitRule")) {
                inhibitRule(yaml, rule);
            }
        }
        Node route = fields.get("route");
        if (route == null || YamlReader.isNull(route)) {
            yaml.problem("no routes provided");
        } else {
            Route top = route(yaml, route, 0);
            if (top != null) {
                if (top.receiver.isEmpty()) {
                    yaml.problem(route, "root route must specify a default receiver");
                }
                if (top.hasMatchers) {
                    yaml.problem(route, "root route must not have any matchers");
                }
                if (!top.muteTimeIntervals.isEmpty()) {
                    yaml.problem(route, "root route must not have any mute time intervals");
                }
                if (!top.activeTimeIntervals.isEmpty()) {
                    yaml.problem(route, "root route must not have any active time intervals");
                }
                checkReferences(yaml, top, receivers, intervals);
            }
        }
        return yaml.problems();
    }

    private void global(YamlReader yaml, Node node) {
        Map<String, Node> fields = yaml.mapping(node, "the global configuration", GLOBAL_FIELDS);
        yaml.duration(fields, "resolve_timeout");
        if (fields.containsKey("http_config")) {
            httpConfig(yaml, fields.get("http_config"));
        }
        for (String field : GLOBAL_URL_FIELDS) {
            url(yaml, fields, field);
        }
    }

    private Set<String> receivers(YamlReader yaml, Node node) {
        Set<String> names = new HashSet<>();
        if (node == null) {
            return names;
        }
        for (Node receiver : yaml.sequence(node, "[]config.Receiver")) {
            Map<String, Node> fields = yaml.mapping(receiver, "receiver", RECEIVER_FIELDS);
            String name = yaml.string(fields, "name");
            if (name.isEmpty()) {
                yaml.problem(receiver, "missing name in receiver");
            } else if (!names.add(name)) {
                yaml.problem(receiver, "notification config name \"" + name + "\" is not unique");
            }
            for (String integration : UNSUPPORTED_INTEGRATIONS) {
                if (fields.containsKey(integration)) {
                    yaml.problem(fields.get(integration), "receiver \"" + name + "\": " + integration
                            + " are not supported; Amphora delivers notifications through " + SNS + " and " + WEBHOOK);
                }
            }
            if (fields.containsKey(SNS)) {
                for (Node sns : yaml.sequence(fields.get(SNS), "[]config.SNSConfig")) {
                    snsConfig(yaml, sns);
                }
            }
            if (fields.containsKey(WEBHOOK)) {
                for (Node webhook : yaml.sequence(fields.get(WEBHOOK), "[]config.WebhookConfig")) {
                    webhookConfig(yaml, webhook);
                }
            }
        }
        return names;
    }

    private void snsConfig(YamlReader yaml, Node node) {
        Map<String, Node> fields = yaml.mapping(node, "sns_configs entry", SNS_FIELDS);
        yaml.bool(fields, "send_resolved");
        if (fields.containsKey("http_config")) {
            httpConfig(yaml, fields.get("http_config"));
        }
        url(yaml, fields, "api_url");
        if (fields.containsKey("sigv4")) {
            Map<String, Node> sigv4 = yaml.mapping(fields.get("sigv4"), "sigv4", SIGV4_FIELDS);
            yaml.bool(sigv4, "use_fips_sts_endpoint");
            for (String field : List.of("region", "access_key", "secret_key", "profile", "role_arn", "external_id")) {
                yaml.string(sigv4, field);
            }
        }
        if (fields.containsKey("attributes")) {
            yaml.stringMap(fields.get("attributes"));
        }
        int targets = 0;
        for (String target : List.of("topic_arn", "target_arn", "phone_number")) {
            if (!yaml.string(fields, target).isEmpty()) {
                targets++;
            }
        }
        yaml.string(fields, "subject");
        yaml.string(fields, "message");
        if (targets != 1) {
            yaml.problem(node, "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
        }
    }

    private void webhookConfig(YamlReader yaml, Node node) {
        Map<String, Node> fields = yaml.mapping(node, "webhook_configs entry", WEBHOOK_FIELDS);
        yaml.bool(fields, "send_resolved");
        if (fields.containsKey("http_config")) {
            httpConfig(yaml, fields.get("http_config"));
        }
        boolean hasUrl = !yaml.string(fields, "url").isEmpty();
        boolean hasUrlFile = !yaml.string(fields, "url_file").isEmpty();
        if (hasUrl && hasUrlFile) {
            yaml.problem(node, "at most one of url & url_file must be configured");
        } else if (!hasUrl && !hasUrlFile) {
            yaml.problem(node, "one of url or url_file must be configured");
        }
        url(yaml, fields, "url");
        if (yaml.integer(fields, "max_alerts") < 0) {
            yaml.problem(fields.get("max_alerts"), "max_alerts must not be negative");
        }
        yaml.duration(fields, "timeout");
    }

    private void httpConfig(YamlReader yaml, Node node) {
        yaml.mapping(node, "http_config", HTTP_CONFIG_FIELDS);
    }

    /** An http or https URL with a host, as Alertmanager requires of its URL fields. */
    private static void url(YamlReader yaml, Map<String, Node> fields, String field) {
        Node node = fields.get(field);
        if (node == null || YamlReader.isNull(node)) {
            return;
        }
        yaml.scalar(node).filter(text -> !text.isEmpty()).ifPresent(text -> {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (!"http".equals(scheme) && !"https".equals(scheme)) {
                    yaml.problem(node, "unsupported scheme \"" + (scheme == null ? "" : scheme) + "\" for URL");
                } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    yaml.problem(node, "missing host for URL");
                }
            } catch (URISyntaxException e) {
                yaml.problem(node, "invalid URL " + text + ": " + e.getReason());
            }
        });
    }

    private void timeIntervals(YamlReader yaml, Node node, String kind, Set<String> names) {
        if (node == null) {
            return;
        }
        TimeIntervals periods = new TimeIntervals(yaml);
        for (Node interval : yaml.sequence(node, "[]config.TimeInterval")) {
            Map<String, Node> fields = yaml.mapping(interval, kind, TIME_INTERVAL_FIELDS);
            String name = yaml.string(fields, "name");
            if (name.isEmpty()) {
                yaml.problem(interval, "missing name in " + kind);
            } else if (!names.add(name)) {
                yaml.problem(interval, kind + " \"" + name + "\" is not unique");
            }
            if (fields.containsKey("time_intervals")) {
                for (Node period : yaml.sequence(fields.get("time_intervals"), "[]timeinterval.TimeInterval")) {
                    periods.period(period);
                }
            }
        }
    }

    private void inhibitRule(YamlReader yaml, Node node) {
        Map<String, Node> fields = yaml.mapping(node, "inhibit rule", INHIBIT_FIELDS);
        yaml.string(fields, "name");
        for (String side : List.of("source", "target")) {
            match(yaml, fields.get(side + "_match"));
            matchRegexps(yaml, fields.get(side + "_match_re"), side + "_match_re");
            matchers(yaml, fields.get(side + "_matchers"));
        }
        if (fields.containsKey("equal")) {
            Node equal = fields.get("equal");
            for (String name : yaml.strings(equal)) {
                if (!Names.isLabelName(name)) {
                    yaml.problem(equal, "invalid label name \"" + name + "\" in equal list");
                }
            }
        }
    }

    /**
     * A route and, recursively, its children. Returns null when the route is not a mapping (already recorded).
     * The depth bound keeps a document whose aliases make a route its own descendant from recursing forever.
     */
    private Route route(YamlReader yaml, Node node, int depth) {
        if (depth > MAX_ROUTE_DEPTH) {
            yaml.problem(node, "routes nest deeper than " + MAX_ROUTE_DEPTH + " levels");
            return null;
        }
        Map<String, Node> fields = yaml.mapping(node, "route", ROUTE_FIELDS);
        String receiver = yaml.string(fields, "receiver");
        boolean hasMatchers = match(yaml, fields.get("match"))
                | matchRegexps(yaml, fields.get("match_re"), "match_re")
                | matchers(yaml, fields.get("matchers"));
        groupBy(yaml, fields.get("group_by"));
        yaml.bool(fields, "continue");
        yaml.duration(fields, "group_wait");
        Optional<Duration> groupInterval = yaml.duration(fields, "group_interval");
        if (groupInterval.isPresent() && groupInterval.get().isZero()) {
            yaml.problem(fields.get("group_interval"), "group_interval cannot be zero");
        }
        Optional<Duration> repeatInterval = yaml.duration(fields, "repeat_interval");
        if (repeatInterval.isPresent() && repeatInterval.get().isZero()) {
            yaml.problem(fields.get("repeat_interval"), "repeat_interval cannot be zero");
        }
        List<String> mute = fields.containsKey("mute_time_intervals")
                ? yaml.strings(fields.get("mute_time_intervals")) : List.of();
        List<String> active = fields.containsKey("active_time_intervals")
                ? yaml.strings(fields.get("active_time_intervals")) : List.of();
        List<Route> children = new ArrayList<>();
        if (fields.containsKey("routes")) {
            for (Node child : yaml.sequence(fields.get("routes"), "[]*config.Route")) {
                Route parsed = route(yaml, child, depth + 1);
                if (parsed != null) {
                    children.add(parsed);
                }
            }
        }
        return new Route(node, receiver, hasMatchers, mute, active, children);
    }

    private void checkReferences(YamlReader yaml, Route route, Set<String> receivers, Set<String> intervals) {
        for (Route child : route.children) {
            checkReferences(yaml, child, receivers, intervals);
        }
        if (!route.receiver.isEmpty() && !receivers.contains(route.receiver)) {
            yaml.problem(route.node, "undefined receiver \"" + route.receiver + "\" used in route");
        }
        for (String interval : concat(route.activeTimeIntervals, route.muteTimeIntervals)) {
            if (!intervals.contains(interval)) {
                yaml.problem(route.node, "undefined time interval \"" + interval + "\" used in route");
            }
        }
    }

    private void groupBy(YamlReader yaml, Node node) {
        if (node == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean all = false;
        boolean named = false;
        for (String label : yaml.strings(node)) {
            if (label.equals("...")) {
                all = true;
                continue;
            }
            named = true;
            if (!Names.isLabelName(label)) {
                yaml.problem(node, "invalid label name \"" + label + "\" in group_by list");
            } else if (!seen.add(label)) {
                yaml.problem(node, "duplicated label \"" + label + "\" in group_by");
            }
        }
        if (all && named) {
            yaml.problem(node, "cannot have wildcard group_by (`...`) and other labels at the same time");
        }
    }

    /** {@code match}: label names to values. Returns whether it holds any. */
    private boolean match(YamlReader yaml, Node node) {
        if (node == null) {
            return false;
        }
        Map<String, String> match = yaml.stringMap(node);
        match.keySet().stream().filter(name -> !Names.isLabelName(name))
                .forEach(name -> yaml.problem(node, "invalid label name \"" + name + "\""));
        return !match.isEmpty();
    }

    /** {@code match_re}: label names to RE2 expressions, anchored as Alertmanager anchors them. */
    private boolean matchRegexps(YamlReader yaml, Node node, String field) {
        if (node == null) {
            return false;
        }
        Map<String, String> match = new LinkedHashMap<>(yaml.stringMap(node));
        match.forEach((name, regex) -> {
            if (!Names.isLabelName(name)) {
                yaml.problem(node, "invalid label name \"" + name + "\"");
                return;
            }
            try {
                Matcher.regex(name, regex);
            } catch (IllegalArgumentException e) {
                yaml.problem(node, "invalid regular expression for \"" + name + "\" in " + field + ": "
                        + e.getMessage());
            }
        });
        return !match.isEmpty();
    }

    /** {@code matchers}: a list of matcher strings. Returns whether it holds any matcher. */
    private boolean matchers(YamlReader yaml, Node node) {
        if (node == null) {
            return false;
        }
        boolean any = false;
        for (Node line : yaml.sequence(node, "[]string")) {
            Optional<String> text = yaml.scalar(line);
            if (text.isEmpty()) {
                continue;
            }
            try {
                any |= !AlertMatchers.parse(text.get()).isEmpty();
            } catch (IllegalArgumentException e) {
                yaml.problem(line, e.getMessage());
            }
        }
        return any;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> receiverFields() {
        Set<String> fields = new HashSet<>(UNSUPPORTED_INTEGRATIONS);
        fields.add("name");
        fields.add(SNS);
        fields.add(WEBHOOK);
        return Set.copyOf(fields);
    }

    private record Route(Node node, String receiver, boolean hasMatchers, List<String> muteTimeIntervals,
            List<String> activeTimeIntervals, List<Route> children) {}
}
