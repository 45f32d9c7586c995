package io.amphora.controlplane.validation;

import io.amphora.model.PrometheusDuration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a YAML document into typed values the way Go's YAML decoders fill structs, collecting every mismatch as a
 * {@code line N: ...} problem instead of stopping at the first: unknown fields ({@code field x not found in type T}),
 * repeated keys, and values of the wrong kind ({@code cannot unmarshal !!seq into string}). Like Go's decoders, a
 * scalar of any kind reads as a string and a null as the zero value.
 *
 * <p>Parsing is bounded: aliases, nesting and size are limited so that a hostile document cannot exhaust memory.
 * Not thread-safe; one reader per document.
 */
final class YamlReader {
    private static final int MAX_ALIASES = 100;
    private static final int MAX_NESTING = 100;
    private static final String STANDARD_TAG_PREFIX = Tag.PREFIX;

    /** Problems with the line they are at ({@link Integer#MAX_VALUE} for the document as a whole). */
    private final List<Located> problems = new ArrayList<>();

    /**
     * The single document in {@code data}, empty when there is none (an empty file or only comments).
     *
     * @throws InvalidDefinitionException when the bytes are not UTF-8, not YAML, or hold more than one document
     */
    static Optional<Node> parse(byte[] data) throws InvalidDefinitionException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidDefinitionException("yaml: invalid leading UTF-8 octet");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(Math.max(text.length() + 1, 1));
        try {
            Iterator<Node> documents = new Yaml(options).composeAll(new StringReader(text)).iterator();
            if (!documents.hasNext()) {
                return Optional.empty();
            }
            Node first = documents.next();
            if (documents.hasNext()) {
                throw new InvalidDefinitionException("yaml: the file holds more than one YAML document; "
                        + "put everything in one document");
            }
            return Optional.ofNullable(first);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark != null ? "line " + (mark.getLine() + 1) + ": " : "";
            throw new InvalidDefinitionException("yaml: " + where + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidDefinitionException("yaml: " + e.getMessage());
        }
    }

    /**
     * The problems recorded so far in document order, as Go's decoders report them (they decode depth first);
     * problems of the document as a whole come last.
     */
    List<String> problems() {
        return problems.stream()
                .sorted(Comparator.comparingInt(Located::line))
                .map(Located::message)
                .toList();
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** A problem of the document as a whole, with no line. */
    void problem(String message) {
        problems.add(new Located(Integer.MAX_VALUE, message));
    }

    void problem(Node at, String message) {
        problems.add(new Located(line(at), "line " + line(at) + ": " + message));
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /**
     * The members of a mapping, by key. Unknown keys and repeated keys are recorded as problems. Null reads as an
     * empty mapping; anything else that is not a mapping is a problem and reads as empty.
     *
     * @param type the name of the structure, used in messages ({@code rulefmt.RuleGroup})
     */
    Map<String, Node> mapping(Node node, String type, Set<String> fields) {
        Map<String, Node> members = new LinkedHashMap<>();
        if (isNull(node)) {
            return members;
        }
        if (!(node instanceof MappingNode mapping)) {
            mismatch(node, type);
            return members;
        }
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                mismatch(keyNode, "string");
                continue;
            }
            String key = scalarKey.getValue();
            if (keys.containsKey(key)) {
                problem(keyNode, "mapping key \"" + key + "\" already defined at line " + line(keys.get(key)));
                continue;
            }
            keys.put(key, keyNode);
            if (!fields.contains(key)) {
                problem(keyNode, "field " + key + " not found in type " + type);
                continue;
            }
            members.put(key, tuple.getValueNode());
        }
        return members;
    }

    /** A mapping of strings to strings (labels, annotations), in document order; null reads as empty. */
    Map<String, String> stringMap(Node node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (isNull(node)) {
            return map;
        }
        if (!(node instanceof MappingNode mapping)) {
            mismatch(node, "map[string]string");
            return map;
        }
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Optional<String> key = scalar(tuple.getKeyNode());
            if (key.isEmpty()) {
                continue;
            }
            if (keys.containsKey(key.get())) {
                problem(tuple.getKeyNode(), "mapping key \"" + key.get() + "\" already defined at line "
                        + line(keys.get(key.get())));
                continue;
            }
            keys.put(key.get(), tuple.getKeyNode());
            scalar(tuple.getValueNode()).ifPresent(value -> map.put(key.get(), value));
        }
        return map;
    }

    /** The elements of a sequence; null reads as empty, anything else is a problem. */
    List<Node> sequence(Node node, String type) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            mismatch(node, type);
            return List.of();
        }
        return sequence.getValue();
    }

    /** A list of strings; null reads as empty. */
    List<String> strings(Node node) {
        List<String> values = new ArrayList<>();
        for (Node element : sequence(node, "[]string")) {
            scalar(element).ifPresent(values::add);
        }
        return values;
    }

    /** A scalar as a string (a null reads as ""); empty, with a problem recorded, for a mapping or sequence. */
    Optional<String> scalar(Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            mismatch(node, "string");
            return Optional.empty();
        }
        return Optional.of(isNull(node) ? "" : scalar.getValue());
    }

    /** A string member: "" when absent or null. */
    String string(Map<String, Node> members, String field) {
        Node node = members.get(field);
        return node == null ? "" : scalar(node).orElse("");
    }

    /** An integer member; 0 when absent or null. */
    long integer(Map<String, Node> members, String field) {
        Node node = members.get(field);
        if (node == null || isNull(node)) {
            return 0;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                return Long.decode(scalar.getValue().replace("_", "").replace("0o", "0"));
            } catch (NumberFormatException e) {
                problem(node, "cannot unmarshal !!int `" + scalar.getValue() + "` into int");
                return 0;
            }
        }
        mismatch(node, "int");
        return 0;
    }

    /** A boolean member; false when absent or null. */
    boolean bool(Map<String, Node> members, String field) {
        Node node = members.get(field);
        if (node == null || isNull(node)) {
            return false;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String value = scalar.getValue().toLowerCase(Locale.ROOT);
            return value.equals("true") || value.equals("yes") || value.equals("on") || value.equals("y");
        }
        mismatch(node, "bool");
        return false;
    }

    /**
     * A Prometheus duration member ({@code 30s}, {@code 1h30m}); empty when absent or null, and when not valid (a
     * problem is recorded).
     */
    Optional<Duration> duration(Map<String, Node> members, String field) {
        Node node = members.get(field);
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        Optional<String> text = scalar(node);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PrometheusDuration.parse(text.get()));
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
            return Optional.empty();
        }
    }

    private void mismatch(Node node, String type) {
        String tag = shortTag(node.getTag());
        String value = node instanceof ScalarNode scalar ? " `" + abbreviate(scalar.getValue()) + "`" : "";
        problem(node, "cannot unmarshal " + tag + value + " into " + type);
    }

    private static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(STANDARD_TAG_PREFIX) ? "!!" + value.substring(STANDARD_TAG_PREFIX.length()) : value;
    }

    private record Located(int line, String message) {}

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
