package io.amphora.controlplane;

import io.amphora.controlplane.json.JsonWriter;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Digests of requests, to tell a retry (same token, same request) from a reuse of a token for another request. */
final class Fingerprints {
    private Fingerprints() {}

    /** SHA-256 over the parts, each kept distinct from its neighbours (a JSON array of strings is hashed). */
    static String of(List<String> parts) {
        JsonWriter json = new JsonWriter().beginArray();
        parts.forEach(json::value);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.endArray().toBytes());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A map as JSON with its keys sorted, so that equal maps encode equally whatever their order. */
    static String canonical(Map<String, String> map) {
        return new JsonWriter().stringMap(new TreeMap<>(map)).toString();
    }

    /** Label set limits as JSON, in the order given (the order is part of the request). */
    static String canonicalLimits(List<LabelSetLimit> limits) {
        JsonWriter json = new JsonWriter().beginArray();
        for (LabelSetLimit limit : limits) {
            json.beginObject().name("labelSet").stringMap(limit.labelSet())
                    .name("maxSeries").value(limit.maxSeries()).endObject();
        }
        return json.endArray().toString();
    }
}
