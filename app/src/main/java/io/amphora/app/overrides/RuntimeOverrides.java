package io.amphora.app.overrides;

import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.PrometheusDuration;
import io.amphora.model.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Per-workspace limits from a runtime configuration file that is re-read without a restart (Cortex's
 * {@code runtime_config}). The file is YAML:
 *
 * <pre>
 * defaults:            # optional: changes to the built-in defaults for every workspace
 *   ingestion_rate: 200000
 * overrides:           # optional: per workspace, changes on top of the defaults
 *   ws-1234:
 *     max_global_series_per_user: 5000000
 *     out_of_order_time_window: 10m
 * </pre>
 *
 * <p>A file that fails to parse or validate is refused as a whole: the previous configuration stays in force and
 * the failure is logged. Thread-safe; {@link #forTenant} never blocks on a reload.
 */
public final class RuntimeOverrides implements Overrides {
    private static final Logger log = LoggerFactory.getLogger(RuntimeOverrides.class);

    private final Path file;
    private volatile Snapshot current;
    private volatile boolean lastReloadSuccessful = true;

    /** The configuration in force: defaults and the full limits of each overridden workspace. */
    public record Snapshot(Limits defaults, Map<TenantId, Limits> overrides, String source) {
        public Snapshot {
            requireNonNull(defaults, "defaults is null");
            overrides = Map.copyOf(overrides);
        }
    }

    /** @param file the runtime configuration file, or null for built-in defaults only */
    public RuntimeOverrides(Path file) {
        this.file = file;
        this.current = new Snapshot(Limits.defaults(), Map.of(), "");
        if (file != null) {
            reload();
        }
    }

    @Override
    public Limits forTenant(TenantId tenant) {
        Snapshot s = current;
        return s.overrides.getOrDefault(tenant, s.defaults);
    }

    public Snapshot snapshot() {
        return current;
    }

    public boolean lastReloadSuccessful() {
        return lastReloadSuccessful;
    }

    /** Re-reads the file; returns whether the configuration in force is now the file's (unchanged counts). */
    public boolean reload() {
        if (file == null) {
            return true;
        }
        try {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("runtime configuration file " + file + " does not exist");
            }
            if (text.equals(current.source)) {
                lastReloadSuccessful = true;
                return true;
            }
            Snapshot parsed = parse(text);
            current = parsed;
            lastReloadSuccessful = true;
            log.info("runtime configuration {} loaded: {} workspace overrides", file, parsed.overrides.size());
            return true;
        } catch (IOException | RuntimeException e) {
            lastReloadSuccessful = false;
            log.error("runtime configuration {} refused, keeping the previous one: {}", file, e.getMessage());
            return false;
        }
    }

    /** @throws IllegalArgumentException with the reason when the text is not a valid runtime configuration */
    public static Snapshot parse(String text) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (root == null) {
            return new Snapshot(Limits.defaults(), Map.of(), text);
        }
        Map<String, Object> top = map(root, "the file");
        for (String key : top.keySet()) {
            if (!key.equals("defaults") && !key.equals("overrides")) {
                throw new IllegalArgumentException("unknown top-level key " + key + " (expected defaults, overrides)");
            }
        }
        Limits defaults = Limits.defaults();
        if (top.get("defaults") != null) {
            defaults = defaults.with(map(top.get("defaults"), "defaults"));
        }
        Map<TenantId, Limits> overrides = new LinkedHashMap<>();
        if (top.get("overrides") != null) {
            for (var e : map(top.get("overrides"), "overrides").entrySet()) {
                TenantId tenant;
                try {
                    tenant = new TenantId(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("overrides: " + ex.getMessage() + ": " + e.getKey());
                }
                try {
                    overrides.put(tenant, e.getValue() == null ? defaults : defaults.with(map(e.getValue(), e.getKey())));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("overrides." + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        return new Snapshot(defaults, overrides, text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    /** The configuration in force as YAML: defaults, then each overridden workspace's full limits. */
    public String render() {
        Snapshot s = current;
        StringBuilder sb = new StringBuilder("defaults:\n");
        appendLimits(sb, s.defaults, "  ");
        sb.append("overrides:");
        if (s.overrides.isEmpty()) {
            sb.append(" {}\n");
            return sb.toString();
        }
        sb.append('\n');
        new TreeMap<>(toStrings(s.overrides)).forEach((tenant, limits) -> {
            sb.append("  ").append(tenant).append(":\n");
            appendLimits(sb, limits, "    ");
        });
        return sb.toString();
    }

    /** One workspace's limits by YAML key, for JSON rendering. */
    public static Map<String, Object> asMap(Limits limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        Limits.yamlKeys().forEach((key, getter) -> {
            Object v = getter.apply(limits);
            out.put(key, v instanceof Duration d ? PrometheusDuration.format(d) : v);
        });
        return out;
    }

    private static Map<String, Limits> toStrings(Map<TenantId, Limits> m) {
        Map<String, Limits> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.value(), v));
        return out;
    }

    private static void appendLimits(StringBuilder sb, Limits limits, String indent) {
        asMap(limits).forEach((key, v) -> {
            sb.append(indent).append(key).append(": ");
            if (v instanceof String s) {
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(v);
            }
            sb.append('\n');
        });
    }
}
