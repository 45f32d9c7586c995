package io.amphora.gateway.credentials;

import io.amphora.gateway.policy.AttachedPolicy;
import io.amphora.gateway.policy.InvalidPolicyException;
import io.amphora.gateway.policy.ManagedPolicies;
import io.amphora.gateway.policy.PolicyDocument;
import io.amphora.gateway.policy.PolicyParser;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads the credentials file: principals, their access keys and the policies attached to them (the format is
 * documented in {@code docs/security.md}). A Kubernetes Secret can mount the same file.
 *
 * <pre>{@code
 * policies:                           # optional: policies defined once, attached by name
 *   ReadWorkspaceOne:
 *     Version: "2012-10-17"
 *     Statement:
 *       - Effect: Allow
 *         Action: ["aps:QueryMetrics", "aps:Get*"]
 *         Resource: "arn:aws:aps:us-east-1:123456789012:workspace/ws-1"
 * principals:
 *   - name: grafana
 *     accessKeys:
 *       - accessKeyId: AKIAGRAFANA000000001
 *         secretAccessKey: "..."
 *     managedPolicies: [AmazonPrometheusQueryAccess, ReadWorkspaceOne]
 *     inlinePolicies:
 *       NoDeletes: |
 *         {"Version": "2012-10-17",
 *          "Statement": {"Effect": "Deny", "Action": "aps:Delete*", "Resource": "*"}}
 * }</pre>
 *
 * <p>Every scalar is read as a string (no YAML 1.1 surprises: {@code 2012-10-17} stays text, {@code 0123} keeps its
 * zero). Unknown keys, duplicate keys and duplicate access key ids are errors, so a typo cannot silently drop a
 * {@code Deny}. A policy document is either a YAML mapping or a string holding JSON, as IAM shows it.
 *
 * <p>Stateless and thread-safe.
 */
public final class CredentialsFile {
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("policies", "principals");
    private static final Set<String> PRINCIPAL_KEYS = Set.of("name", "accessKeys", "managedPolicies", "inlinePolicies");
    private static final Set<String> ACCESS_KEY_KEYS = Set.of("accessKeyId", "secretAccessKey");

    private CredentialsFile() {}

    /**
     * Loads {@code file} for the installation presenting itself as account {@code accountId}.
     *
     * @throws InvalidCredentialsFileException naming the file and the problem, never a secret
     */
    public static IdentitySnapshot load(Path file, String accountId) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidCredentialsFileException("credentials file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new InvalidCredentialsFileException("credentials file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidCredentialsFileException("credentials file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
        return parse(text, file.toString(), accountId);
    }

    /**
     * Parses credentials-file text; {@code source} names it in error messages.
     *
     * @throws InvalidCredentialsFileException naming {@code source} and the problem, never a secret
     */
    public static IdentitySnapshot parse(String text, String source, String accountId) {
        requireNonNull(text, "text is null");
        requireNonNull(source, "source is null");
        Principal.requireAccountId(requireNonNull(accountId, "accountId is null"));
        String prefix = "credentials file " + source + ": ";
        Object tree;
        try {
            tree = yaml().load(text);
        } catch (MarkedYAMLException e) {
            throw new InvalidCredentialsFileException(prefix + "not valid YAML: " + e.getProblem() + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new InvalidCredentialsFileException(prefix + "not valid YAML");
        }
        try {
            return new Reader(accountId).read(tree);
        } catch (IllegalArgumentException e) {
            throw new InvalidCredentialsFileException(prefix + e.getMessage());
        }
    }

    private static final class Reader {
        private final String accountId;
        private final Map<String, AttachedPolicy> namedPolicies = new HashMap<>();

        private Reader(String accountId) {
            this.accountId = accountId;
        }

        IdentitySnapshot read(Object tree) {
            if (tree == null || "".equals(tree)) {
                throw new IllegalArgumentException("the file is empty; it needs a 'principals' list");
            }
            Map<String, Object> root = mapping(tree, "the top level", TOP_LEVEL_KEYS);
            if (root.containsKey("policies")) {
                Map<String, Object> policies = mapping(root.get("policies"), "policies", null);
                policies.forEach((name, document) -> {
                    if (ManagedPolicies.byName(name).isPresent()) {
                        throw new IllegalArgumentException("policies." + name + ": the name of an AWS managed policy"
                                + " cannot be redefined");
                    }
                    namedPolicies.put(name, new AttachedPolicy(name, policy(document, "policies." + name)));
                });
            }
            if (!root.containsKey("principals")) {
                throw new IllegalArgumentException("'principals' is missing");
            }
            List<Object> principals = sequence(root.get("principals"), "principals");
            List<Credential> credentials = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Map<String, String> keyOwners = new HashMap<>();
            for (int i = 0; i < principals.size(); i++) {
                String where = "principals[" + i + "]";
                Map<String, Object> entry = mapping(principals.get(i), where, PRINCIPAL_KEYS);
                String name = scalar(entry.get("name"), where + ".name");
                where = where + " (" + name + ")";
                Principal principal;
                try {
                    principal = new Principal(name, accountId);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage());
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException(where + ": principal name '" + name + "' is used more than once");
                }
                Identity identity = new Identity(principal, policies(entry, where));
                if (!entry.containsKey("accessKeys")) {
                    throw new IllegalArgumentException(where + ": 'accessKeys' is missing");
                }
                List<Object> keys = sequence(entry.get("accessKeys"), where + ".accessKeys");
                if (keys.isEmpty()) {
                    throw new IllegalArgumentException(where + ".accessKeys is empty");
                }
                for (int k = 0; k < keys.size(); k++) {
                    AccessKey key = accessKey(keys.get(k), where + ".accessKeys[" + k + "]");
                    String owner = keyOwners.putIfAbsent(key.accessKeyId(), name);
                    if (owner != null) {
                        throw new IllegalArgumentException(where + ": access key id " + key.accessKeyId()
                                + " is already used by principal '" + owner + "'");
                    }
                    credentials.add(new Credential(key, identity));
                }
            }
            return IdentitySnapshot.of(credentials);
        }

        private List<AttachedPolicy> policies(Map<String, Object> entry, String where) {
            List<AttachedPolicy> attached = new ArrayList<>();
            if (entry.containsKey("managedPolicies")) {
                List<Object> names = sequence(entry.get("managedPolicies"), where + ".managedPolicies");
                for (int i = 0; i < names.size(); i++) {
                    String name = scalar(names.get(i), where + ".managedPolicies[" + i + "]");
                    AttachedPolicy policy = ManagedPolicies.byName(name).orElse(namedPolicies.get(name));
                    if (policy == null) {
                        throw new IllegalArgumentException(where + ".managedPolicies[" + i + "]: unknown policy '" + name
                                + "'; known: AWS managed " + ManagedPolicies.names().stream().sorted().toList()
                                + " and the file's 'policies' " + namedPolicies.keySet().stream().sorted().toList());
                    }
                    attached.add(policy);
                }
            }
            if (entry.containsKey("inlinePolicies")) {
                Map<String, Object> inline = mapping(entry.get("inlinePolicies"), where + ".inlinePolicies", null);
                inline.forEach((name, document) -> attached.add(
                        new AttachedPolicy(name, policy(document, where + ".inlinePolicies." + name))));
            }
            return attached;
        }

        private static PolicyDocument policy(Object document, String where) {
            try {
                return document instanceof String json ? PolicyParser.parseJson(json) : PolicyParser.parse(document);
            } catch (InvalidPolicyException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }

        private static AccessKey accessKey(Object value, String where) {
            Map<String, Object> entry = mapping(value, where, ACCESS_KEY_KEYS);
            String id = scalar(entry.get("accessKeyId"), where + ".accessKeyId");
            if (!AccessKey.isValidId(id)) {
                throw new IllegalArgumentException(where + ".accessKeyId must be " + AccessKey.MIN_ID_LENGTH + " to "
                        + AccessKey.MAX_ID_LENGTH + " letters, digits or underscores, got '" + id + "'");
            }
            Object secretValue = entry.get("secretAccessKey");
            if (!(secretValue instanceof String secretText) || secretText.isEmpty()) {
                throw new IllegalArgumentException(where + " (" + id + "): secretAccessKey is missing or not a string");
            }
            try {
                return new AccessKey(id, Secret.of(secretText));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (" + id + ").secretAccessKey: " + e.getMessage());
            }
        }
    }

    /** A mapping with string keys, all in {@code allowedKeys} when that is not null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, String where, Set<String> allowedKeys) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(where + " has a key that is not a plain string");
            }
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                throw new IllegalArgumentException(where + " has an unknown key '" + key + "'; known: "
                        + allowedKeys.stream().sorted().toList());
            }
            out.put(key, entry.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> sequence(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        return (List<Object>) list;
    }

    private static String scalar(Object value, String where) {
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new IllegalArgumentException(where + " is missing or not a string");
        }
        return text;
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    /**
     * A YAML reader that builds only plain maps, lists and strings: no implicit typing of scalars, no duplicate
     * keys, and few aliases (so a small file cannot expand into a huge one).
     */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options,
                new StringsOnlyResolver());
    }

    /** Resolves no implicit tags, so every plain scalar is a string. */
    private static final class StringsOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {}
    }
}
