package io.amphora.controlplane.validation;

import io.amphora.promql.parser.PromqlParser;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Validates a rule groups namespace's data: a Prometheus rule file, checked as Prometheus's {@code rulefmt} (and so
 * {@code promtool check rules}) checks it, with the same messages:
 * <ul>
 *   <li>decoding: only the fields of {@code groups}, groups ({@code name}, {@code interval}, {@code query_offset},
 *       {@code limit}, {@code rules}, {@code labels}) and rules ({@code record}, {@code alert}, {@code expr},
 *       {@code for}, {@code keep_firing_for}, {@code labels}, {@code annotations}); values of the right kind; valid
 *       durations. All such problems are reported together as {@code yaml: unmarshal errors:}, and nothing further
 *       is checked, as Prometheus does;</li>
 *   <li>then group names (present, unique), label names, and each rule: exactly one of {@code record} and
 *       {@code alert}, an {@code expr} that Amphora's PromQL parser accepts, no alerting-only fields on recording
 *       rules, a valid metric name for {@code record}. A rule's problem reads
 *       {@code 6:11: group "x", rule 1, "y": could not parse expression: ...}.</li>
 * </ul>
 * Names follow the classic character set ({@link Names}), as the managed service requires. The Go templates of
 * alert labels and annotations are not checked here; the ruler reports a template that fails when it expands it.
 *
 * <p>Stateless and thread-safe.
 */
public final class RuleGroupsValidator {
    private static final Set<String> FILE_FIELDS = Set.of("groups");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "query_offset", "limit", "rules", "labels");
    private static final Set<String> RULE_FIELDS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    private final PromqlParser parser;

    public RuleGroupsValidator(PromqlParser parser) {
        this.parser = requireNonNull(parser, "parser is null");
    }

    /**
     * @param data the rule file's YAML bytes
     * @throws InvalidDefinitionException listing the problems, when it is not a valid rule file
     */
    public void validate(byte[] data) throws InvalidDefinitionException {
        requireNonNull(data, "data is null");
        Optional<Node> root = YamlReader.parse(data);
        if (root.isEmpty()) {
            return;
        }
        YamlReader yaml = new YamlReader();
        List<Group> groups = decode(yaml, root.get());
        if (yaml.hasProblems()) {
            throw new InvalidDefinitionException("yaml: unmarshal errors:\n  " + String.join("\n  ", yaml.problems()));
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Group group : groups) {
            if (group.name.isEmpty()) {
                problems.add(position(group.node) + ": Groupname must not be empty");
            }
            if (!names.add(group.name)) {
                problems.add(position(group.node) + ": groupname: \"" + group.name + "\" is repeated in the same file");
            }
            group.labels.forEach((name, value) -> {
                if (!Names.isLabelName(name) || name.equals(Names.METRIC_NAME_LABEL)) {
                    problems.add("invalid label name: " + name);
                }
            });
            for (int i = 0; i < group.rules.size(); i++) {
                Rule rule = group.rules.get(i);
                String prefix = "group " + quote(group.name) + ", rule " + (i + 1) + ", " + quote(rule.name()) + ": ";
                for (Problem problem : check(rule)) {
                    problems.add(problem.located(prefix));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
    }

    private List<Group> decode(YamlReader yaml, Node root) {
        Map<String, Node> file = yaml.mapping(root, "rulefmt.RuleGroups", FILE_FIELDS);
        List<Group> groups = new ArrayList<>();
        Node groupsNode = file.get("groups");
        if (groupsNode == null) {
            return groups;
        }
        for (Node groupNode : yaml.sequence(groupsNode, "[]rulefmt.RuleGroup")) {
            Map<String, Node> fields = yaml.mapping(groupNode, "rulefmt.RuleGroup", GROUP_FIELDS);
            String name = yaml.string(fields, "name");
            yaml.duration(fields, "interval");
            yaml.duration(fields, "query_offset");
            yaml.integer(fields, "limit");
            Map<String, String> labels = fields.containsKey("labels") ? yaml.stringMap(fields.get("labels")) : Map.of();
            List<Rule> rules = new ArrayList<>();
            if (fields.containsKey("rules")) {
                for (Node ruleNode : yaml.sequence(fields.get("rules"), "[]rulefmt.Rule")) {
                    rules.add(decodeRule(yaml, ruleNode));
                }
            }
            groups.add(new Group(groupNode, name, labels, rules));
        }
        return groups;
    }

    private static Rule decodeRule(YamlReader yaml, Node ruleNode) {
        Map<String, Node> fields = yaml.mapping(ruleNode, "rulefmt.Rule", RULE_FIELDS);
        return new Rule(
                yaml.string(fields, "record"), fields.get("record"),
                yaml.string(fields, "alert"), fields.get("alert"),
                yaml.string(fields, "expr"), fields.get("expr"),
                yaml.duration(fields, "for").orElse(Duration.ZERO),
                yaml.duration(fields, "keep_firing_for").orElse(Duration.ZERO),
                fields.containsKey("labels") ? yaml.stringMap(fields.get("labels")) : Map.of(),
                fields.containsKey("annotations") ? yaml.stringMap(fields.get("annotations")) : Map.of());
    }

    private List<Problem> check(Rule rule) {
        List<Problem> problems = new ArrayList<>();
        if (!rule.record.isEmpty() && !rule.alert.isEmpty()) {
            problems.add(Problem.between("only one of 'record' and 'alert' must be set", rule.recordNode, rule.alertNode));
        }
        if (rule.record.isEmpty() && rule.alert.isEmpty()) {
            problems.add(Problem.between("one of 'record' or 'alert' must be set", rule.recordNode, rule.alertNode));
        }
        if (rule.expr.isEmpty()) {
            problems.add(Problem.at("field 'expr' must be set in rule", rule.exprNode));
        } else {
            parseError(rule.expr).ifPresent(error ->
                    problems.add(Problem.at("could not parse expression: " + error, rule.exprNode)));
        }
        if (!rule.record.isEmpty()) {
            if (!rule.annotations.isEmpty()) {
                problems.add(Problem.at("invalid field 'annotations' in recording rule", rule.recordNode));
            }
            if (!rule.forDuration.isZero()) {
                problems.add(Problem.at("invalid field 'for' in recording rule", rule.recordNode));
            }
            if (!rule.keepFiringFor.isZero()) {
                problems.add(Problem.at("invalid field 'keep_firing_for' in recording rule", rule.recordNode));
            }
            if (!Names.isMetricName(rule.record)) {
                problems.add(Problem.at("invalid recording rule name: " + rule.record, rule.recordNode));
            }
            if (rule.record.contains("{") || rule.record.contains("}")) {
                problems.add(Problem.at("braces present in the recording rule name; should it be in expr?: "
                        + rule.record, rule.recordNode));
            }
        }
        rule.labels.forEach((name, value) -> {
            if (!Names.isLabelName(name) || name.equals(Names.METRIC_NAME_LABEL)) {
                problems.add(Problem.unplaced("invalid label name: " + name));
            }
        });
        rule.annotations.forEach((name, value) -> {
            if (!Names.isLabelName(name)) {
                problems.add(Problem.unplaced("invalid annotation name: " + name));
            }
        });
        return problems;
    }

    /**
     * The parser's message for an expression it refuses. Anything the parser throws counts as a refusal: a rule file
     * is client input and must never fail the request as a server error. The parser descends recursively, so an
     * expression nested thousands of levels deep exhausts the thread's stack; that unwinds harmlessly and is refused.
     */
    private Optional<String> parseError(String expr) {
        try {
            parser.parseExpr(expr);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } catch (StackOverflowError e) {
            return Optional.of("the expression nests too deeply to be parsed");
        }
    }

    /** Go's {@code %q} for the strings rule files hold: quotes, with {@code \}, {@code "} and controls escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code line:column} of a node, 1-based; {@code 0:0} for a field that is absent, as Prometheus prints it. */
    private static String position(Node node) {
        return node == null ? "0:0" : YamlReader.line(node) + ":" + YamlReader.column(node);
    }

    private record Group(Node node, String name, Map<String, String> labels, List<Rule> rules) {}

    private record Rule(String record, Node recordNode, String alert, Node alertNode, String expr, Node exprNode,
            Duration forDuration, Duration keepFiringFor, Map<String, String> labels, Map<String, String> annotations) {
        String name() {
            return alert.isEmpty() ? record : alert;
        }
    }

    /**
     * One problem of a rule and where it is: at no field, at one field, or at two conflicting fields. A field that is
     * absent still takes its place in the message, as {@code 0:0}.
     */
    private record Problem(String message, Location location, Node node, Node alternative) {
        static Problem at(String message, Node node) {
            return new Problem(message, Location.FIELD, node, null);
        }

        static Problem between(String message, Node node, Node alternative) {
            return new Problem(message, Location.TWO_FIELDS, node, alternative);
        }

        static Problem unplaced(String message) {
            return new Problem(message, Location.NONE, null, null);
        }

        String located(String rulePrefix) {
            return switch (location) {
                case NONE -> rulePrefix + message;
                case FIELD -> position(node) + ": " + rulePrefix + message;
                case TWO_FIELDS -> position(node) + ": " + position(alternative) + ": " + rulePrefix + message;
            };
        }
    }

    private enum Location { NONE, FIELD, TWO_FIELDS }
}
