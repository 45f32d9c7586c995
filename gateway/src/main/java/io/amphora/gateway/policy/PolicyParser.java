package io.amphora.gateway.policy;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads identity-based policy documents in the IAM JSON grammar: {@code Version}, {@code Id} and {@code Statement}
 * (one statement object or a list of them); each statement with an optional {@code Sid}, {@code Effect}
 * ({@code Allow} or {@code Deny}), exactly one of {@code Action} and {@code NotAction}, and exactly one of
 * {@code Resource} and {@code NotResource}, each a string or a list of strings. Element names are case-sensitive,
 * as in IAM.
 *
 * <p>What Amphora cannot honour is refused rather than ignored, because ignoring it would grant more than the author
 * meant: {@code Condition}, {@code Principal}/{@code NotPrincipal} (not valid in an identity-based policy anyway),
 * policy variables ({@code ${...}} in a 2012-10-17 document), and any unknown element.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyParser {
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Principal", "NotPrincipal", "Condition");

    private PolicyParser() {}

    /**
     * Parses a policy document written as JSON text.
     *
     * @throws InvalidPolicyException when the text is not JSON or not a valid policy
     */
    public static PolicyDocument parseJson(String json) {
        requireNonNull(json, "json is null");
        Object tree;
        try {
            tree = JSON.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new InvalidPolicyException("not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        return parse(tree);
    }

    /**
     * Parses a policy document already read into plain Java values: maps with string keys, lists and strings (what a
     * YAML or JSON reader returns).
     *
     * @throws InvalidPolicyException when the tree is not a valid policy
     */
    public static PolicyDocument parse(Object tree) {
        Map<String, Object> document = object(tree, "the policy document");
        unknownElements(document, DOCUMENT_ELEMENTS, "the policy document");
        String version = document.containsKey("Version")
                ? string(document.get("Version"), "Version")
                : PolicyDocument.VERSION_2008_10_17;
        if (!version.equals(PolicyDocument.VERSION_2012_10_17) && !version.equals(PolicyDocument.VERSION_2008_10_17)) {
            throw new InvalidPolicyException("Version must be \"2012-10-17\" or \"2008-10-17\", got '" + version + "'");
        }
        if (document.containsKey("Id")) {
            string(document.get("Id"), "Id");
        }
        if (!document.containsKey("Statement")) {
            throw new InvalidPolicyException("Statement is missing");
        }
        Object statementValue = document.get("Statement");
        List<Statement> statements = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        if (statementValue instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                statements.add(statement(list.get(i), "Statement[" + i + "]", version, sids));
            }
        } else {
            statements.add(statement(statementValue, "Statement", version, sids));
        }
        return new PolicyDocument(version, statements);
    }

    private static Statement statement(Object value, String where, String version, Set<String> sids) {
        Map<String, Object> statement = object(value, where);
        unknownElements(statement, STATEMENT_ELEMENTS, where);
        for (String refused : List.of("Principal", "NotPrincipal")) {
            if (statement.containsKey(refused)) {
                throw new InvalidPolicyException(where + ": " + refused + " is not allowed in an identity-based policy");
            }
        }
        if (statement.containsKey("Condition")) {
            throw new InvalidPolicyException(where + ": Condition is not supported by Amphora; "
                    + "express the restriction with Action and Resource instead");
        }
        Optional<String> sid = Optional.empty();
        if (statement.containsKey("Sid")) {
            String sidValue = string(statement.get("Sid"), where + ".Sid");
            if (!sidValue.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                throw new InvalidPolicyException(where + ".Sid must contain only letters and digits, got '" + sidValue + "'");
            }
            if (!sids.add(sidValue)) {
                throw new InvalidPolicyException(where + ".Sid '" + sidValue + "' is not unique in the policy");
            }
            sid = Optional.of(sidValue);
        }
        if (!statement.containsKey("Effect")) {
            throw new InvalidPolicyException(where + ": Effect is missing");
        }
        String effectName = string(statement.get("Effect"), where + ".Effect");
        Effect effect = switch (effectName) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw new InvalidPolicyException(where + ".Effect must be Allow or Deny, got '" + effectName + "'");
        };
        boolean notAction = exactlyOne(statement, "Action", "NotAction", where);
        String actionElement = notAction ? "NotAction" : "Action";
        List<ActionPattern> actions = new ArrayList<>();
        for (String pattern : strings(statement.get(actionElement), where + "." + actionElement)) {
            try {
                actions.add(new ActionPattern(pattern));
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(where + "." + actionElement + ": " + e.getMessage());
            }
        }
        boolean notResource = exactlyOne(statement, "Resource", "NotResource", where);
        String resourceElement = notResource ? "NotResource" : "Resource";
        List<ResourcePattern> resources = new ArrayList<>();
        for (String pattern : strings(statement.get(resourceElement), where + "." + resourceElement)) {
            if (version.equals(PolicyDocument.VERSION_2012_10_17) && pattern.contains("${")) {
                throw new InvalidPolicyException(where + "." + resourceElement
                        + ": policy variables are not supported by Amphora, got '" + pattern + "'");
            }
            try {
                resources.add(new ResourcePattern(pattern));
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(where + "." + resourceElement + ": " + e.getMessage());
            }
        }
        return new Statement(sid, effect, notAction, actions, notResource, resources);
    }

    /** Whether the second ({@code Not...}) element is the one present. */
    private static boolean exactlyOne(Map<String, Object> statement, String element, String notElement, String where) {
        boolean plain = statement.containsKey(element);
        boolean negated = statement.containsKey(notElement);
        if (plain == negated) {
            throw new InvalidPolicyException(where + " must have exactly one of " + element + " and " + notElement);
        }
        return negated;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidPolicyException(where + " must be an object, got " + describe(value));
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new InvalidPolicyException(where + " has a key that is not a string: " + key);
            }
        }
        return (Map<String, Object>) map;
    }

    private static void unknownElements(Map<String, Object> object, Set<String> known, String where) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidPolicyException(where + " has an unknown element '" + key + "' (element names are"
                        + " case-sensitive; known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String string(Object value, String where) {
        if (!(value instanceof String text)) {
            throw new InvalidPolicyException(where + " must be a string, got " + describe(value));
        }
        return text;
    }

    private static List<String> strings(Object value, String where) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidPolicyException(where + " must be a string or a list of strings, got " + describe(value));
        }
        if (list.isEmpty()) {
            throw new InvalidPolicyException(where + " must not be an empty list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(string(list.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case Map<?, ?> ignored -> "an object";
            case List<?> ignored -> "a list";
            case String ignored -> "a string";
            default -> "the " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
        };
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
