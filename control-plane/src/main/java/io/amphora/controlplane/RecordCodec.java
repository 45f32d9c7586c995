package io.amphora.controlplane;

import io.amphora.controlplane.json.JsonParseException;
import io.amphora.controlplane.json.JsonParser;
import io.amphora.controlplane.json.JsonValue;
import io.amphora.controlplane.json.JsonValue.JsonArray;
import io.amphora.controlplane.json.JsonValue.JsonNumber;
import io.amphora.controlplane.json.JsonValue.JsonObject;
import io.amphora.controlplane.json.JsonValue.JsonString;
import io.amphora.controlplane.json.JsonWriter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of the control plane's records: one JSON document per record, readable with any RocksDB or Kafka
 * tool. Every document carries a format version {@code "v"}; this build reads and writes version
 * {@value #FORMAT_VERSION} and refuses others rather than misread them.
 */
final class RecordCodec {
    static final int FORMAT_VERSION = 1;

    private RecordCodec() {}

    static byte[] encode(Workspace workspace) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("v").value(FORMAT_VERSION)
                .name("id").value(workspace.id());
        workspace.alias().ifPresent(alias -> json.name("alias").value(alias));
        json.name("status").value(workspace.status().name())
                .name("createdAt").value(workspace.createdAt().toEpochMilli())
                .name("tags").stringMap(workspace.tags());
        workspace.kmsKeyArn().ifPresent(arn -> json.name("kmsKeyArn").value(arn));
        WorkspaceConfiguration configuration = workspace.configuration();
        json.name("configuration").beginObject()
                .name("retentionPeriodInDays").value(configuration.retentionPeriodInDays())
                .name("limitsPerLabelSet").beginArray();
        for (LabelSetLimit limit : configuration.limitsPerLabelSet()) {
            json.beginObject().name("labelSet").stringMap(limit.labelSet())
                    .name("maxSeries").value(limit.maxSeries()).endObject();
        }
        json.endArray().name("status").value(configuration.status().name());
        configuration.lastUpdate().ifPresent(key -> writeKey(json, "lastUpdate", key));
        json.endObject();
        workspace.creationRequest().ifPresent(key -> writeKey(json, "creationRequest", key));
        workspace.deletionToken().ifPresent(token -> json.name("deletionToken").value(token));
        return json.endObject().toBytes();
    }

    static Workspace decodeWorkspace(byte[] bytes) {
        JsonObject o = document(bytes);
        JsonObject configuration = object(o, "configuration");
        List<LabelSetLimit> limits = new ArrayList<>();
        for (JsonValue element : ((JsonArray) member(configuration, "limitsPerLabelSet")).elements()) {
            JsonObject limit = (JsonObject) element;
            limits.add(new LabelSetLimit(stringMap(limit, "labelSet"), number(limit, "maxSeries")));
        }
        return new Workspace(
                string(o, "id"),
                optionalString(o, "alias"),
                WorkspaceStatus.valueOf(string(o, "status")),
                Instant.ofEpochMilli(number(o, "createdAt")),
                stringMap(o, "tags"),
                optionalString(o, "kmsKeyArn"),
                new WorkspaceConfiguration(Math.toIntExact(number(configuration, "retentionPeriodInDays")), limits,
                        ConfigurationStatus.valueOf(string(configuration, "status")), key(configuration, "lastUpdate")),
                key(o, "creationRequest"),
                optionalString(o, "deletionToken"));
    }

    static byte[] encode(RuleGroupsNamespace namespace) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("v").value(FORMAT_VERSION)
                .name("workspaceId").value(namespace.workspaceId())
                .name("name").value(namespace.name())
                .name("data").value(Base64.getEncoder().encodeToString(namespace.data()))
                .name("status").value(namespace.status().name())
                .name("createdAt").value(namespace.createdAt().toEpochMilli())
                .name("modifiedAt").value(namespace.modifiedAt().toEpochMilli())
                .name("tags").stringMap(namespace.tags());
        namespace.lastRequest().ifPresent(key -> writeKey(json, "lastRequest", key));
        return json.endObject().toBytes();
    }

    static RuleGroupsNamespace decodeNamespace(byte[] bytes) {
        JsonObject o = document(bytes);
        return new RuleGroupsNamespace(
                string(o, "workspaceId"),
                string(o, "name"),
                Base64.getDecoder().decode(string(o, "data")),
                ResourceStatus.valueOf(string(o, "status")),
                Instant.ofEpochMilli(number(o, "createdAt")),
                Instant.ofEpochMilli(number(o, "modifiedAt")),
                stringMap(o, "tags"),
                key(o, "lastRequest"));
    }

    static byte[] encode(AlertManagerDefinition definition) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("v").value(FORMAT_VERSION)
                .name("workspaceId").value(definition.workspaceId())
                .name("data").value(Base64.getEncoder().encodeToString(definition.data()))
                .name("status").value(definition.status().name())
                .name("createdAt").value(definition.createdAt().toEpochMilli())
                .name("modifiedAt").value(definition.modifiedAt().toEpochMilli());
        definition.lastRequest().ifPresent(key -> writeKey(json, "lastRequest", key));
        return json.endObject().toBytes();
    }

    static AlertManagerDefinition decodeAlertManagerDefinition(byte[] bytes) {
        JsonObject o = document(bytes);
        return new AlertManagerDefinition(
                string(o, "workspaceId"),
                Base64.getDecoder().decode(string(o, "data")),
                ResourceStatus.valueOf(string(o, "status")),
                Instant.ofEpochMilli(number(o, "createdAt")),
                Instant.ofEpochMilli(number(o, "modifiedAt")),
                key(o, "lastRequest"));
    }

    private static void writeKey(JsonWriter json, String name, IdempotencyKey key) {
        json.name(name).beginObject()
                .name("clientToken").value(key.clientToken())
                .name("fingerprint").value(key.fingerprint())
                .endObject();
    }

    private static JsonObject document(byte[] bytes) {
        try {
            JsonObject o = (JsonObject) JsonParser.parse(bytes);
            long version = number(o, "v");
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("control-plane record of format version " + version
                        + "; this build reads version " + FORMAT_VERSION);
            }
            return o;
        } catch (JsonParseException | ClassCastException e) {
            throw new IllegalStateException("corrupt control-plane record: " + e.getMessage(), e);
        }
    }

    private static JsonValue member(JsonObject o, String name) {
        JsonValue value = o.members().get(name);
        if (value == null) {
            throw new IllegalStateException("corrupt control-plane record: no member " + name);
        }
        return value;
    }

    private static JsonObject object(JsonObject o, String name) {
        return (JsonObject) member(o, name);
    }

    private static String string(JsonObject o, String name) {
        return ((JsonString) member(o, name)).value();
    }

    private static Optional<String> optionalString(JsonObject o, String name) {
        JsonValue value = o.members().get(name);
        return value == null ? Optional.empty() : Optional.of(((JsonString) value).value());
    }

    private static long number(JsonObject o, String name) {
        return ((JsonNumber) member(o, name)).value().longValueExact();
    }

    private static Map<String, String> stringMap(JsonObject o, String name) {
        Map<String, String> map = new LinkedHashMap<>();
        object(o, name).members().forEach((key, value) -> map.put(key, ((JsonString) value).value()));
        return map;
    }

    private static Optional<IdempotencyKey> key(JsonObject o, String name) {
        JsonValue value = o.members().get(name);
        if (value == null) {
            return Optional.empty();
        }
        JsonObject key = (JsonObject) value;
        return Optional.of(new IdempotencyKey(string(key, "clientToken"), string(key, "fingerprint")));
    }
}
