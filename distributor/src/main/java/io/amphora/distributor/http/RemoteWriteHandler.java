package io.amphora.distributor.http;

import io.amphora.distributor.Distributor;
import io.amphora.distributor.PushOutcome;
import io.amphora.distributor.remotewrite.PointCounts;
import io.amphora.distributor.remotewrite.ProtocolVersion;
import io.amphora.distributor.remotewrite.RemoteWriteDecoder;
import io.amphora.distributor.remotewrite.RemoteWriteException;
import io.amphora.distributor.remotewrite.RemoteWriteHeaders;
import io.amphora.distributor.remotewrite.WriteBatch;
import io.amphora.model.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The remote-write HTTP endpoint without the web framework: body and headers in, status, headers and a text body
 * out. Status rules follow the remote-write spec: 2xx stored, 400 for input the sender must not retry, 413 for a
 * body over {@code max-recv-message-size}, 415 for an unknown content type, 429 when throttled, 5xx for server
 * faults (the sender retries). 2.0 responses always carry the {@code X-Prometheus-Remote-Write-*-Written} headers.
 */
public final class RemoteWriteHandler {
    private static final Logger log = LoggerFactory.getLogger(RemoteWriteHandler.class);

    private final RemoteWriteDecoder decoder;
    private final Distributor distributor;

    public RemoteWriteHandler(RemoteWriteDecoder decoder, Distributor distributor) {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.distributor = requireNonNull(distributor, "distributor is null");
    }

    /** An HTTP answer; {@code body} is plain text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public Response {
            headers = Map.copyOf(headers);
            requireNonNull(body, "body is null");
        }
    }

    /**
     * @param tenant the workspace id from the path or {@code X-Scope-OrgID}; null or blank when missing
     * @param body the request body; read here up to {@code max-recv-message-size}
     */
    public Response handle(String tenant, String contentType, String contentEncoding, InputStream body) {
        ProtocolVersion version = ProtocolVersion.V1;
        try {
            version = RemoteWriteDecoder.protocolVersion(contentType);
        } catch (RemoteWriteException e) {
            return answer(version, e.status(), e.getMessage(), PointCounts.ZERO);
        }
        if (tenant == null || tenant.isBlank()) {
            return answer(version, 401, "no org id", PointCounts.ZERO);
        }
        TenantId tenantId;
        try {
            tenantId = new TenantId(tenant);
        } catch (IllegalArgumentException e) {
            return answer(version, 400, "invalid workspace id: " + e.getMessage(), PointCounts.ZERO);
        }
        try {
            byte[] bytes = read(body, decoder.maxDecompressedBytes());
            if (bytes == null) {
                return answer(version, 413, "request body too large: over " + decoder.maxDecompressedBytes() + " bytes", PointCounts.ZERO);
            }
            WriteBatch batch = decoder.decode(contentType, contentEncoding, bytes);
            PushOutcome outcome = distributor.push(tenantId, batch);
            return answer(version, outcome.status() == 200 ? 204 : outcome.status(), outcome.message(), outcome.written());
        } catch (RemoteWriteException e) {
            return answer(version, e.status(), e.getMessage(), PointCounts.ZERO);
        } catch (IOException e) {
            return answer(version, 400, "failed to read request body: " + e.getMessage(), PointCounts.ZERO);
        } catch (RuntimeException e) {
            log.error("remote write for workspace {} failed", tenant, e);
            return answer(version, 500, "internal error: " + e.getMessage(), PointCounts.ZERO);
        }
    }

    /** The body, or null when it is longer than {@code max} bytes. */
    private static byte[] read(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max);
        if (bytes.length == max && in.read() != -1) {
            return null;
        }
        return bytes;
    }

    private static Response answer(ProtocolVersion version, int status, String message, PointCounts written) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (version == ProtocolVersion.V2) {
            headers.put(RemoteWriteHeaders.SAMPLES_WRITTEN, String.valueOf(written.samples()));
            headers.put(RemoteWriteHeaders.HISTOGRAMS_WRITTEN, String.valueOf(written.histograms()));
            headers.put(RemoteWriteHeaders.EXEMPLARS_WRITTEN, String.valueOf(written.exemplars()));
        }
        return new Response(status, headers, message.isEmpty() ? "" : message + "\n");
    }
}
