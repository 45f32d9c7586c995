package io.amphora.distributor.remotewrite;

/**
 * The remote-write protocol a request uses, chosen from its {@code Content-Type} alone (see
 * {@link RemoteWriteDecoder#protocolVersion}).
 */
public enum ProtocolVersion {
    /** Remote write 1.0: {@code prometheus.WriteRequest}. */
    V1("prometheus.WriteRequest", "0.1.0"),
    /** Remote write 2.0: {@code io.prometheus.write.v2.Request}, with a symbol table and per-series metadata. */
    V2("io.prometheus.write.v2.Request", "2.0.0");

    private final String protobufMessage;
    private final String headerValue;

    ProtocolVersion(String protobufMessage, String headerValue) {
        this.protobufMessage = protobufMessage;
        this.headerValue = headerValue;
    }

    /** The fully qualified protobuf message name, as in the {@code proto=} content-type parameter. */
    public String protobufMessage() {
        return protobufMessage;
    }

    /** The value senders put in {@code X-Prometheus-Remote-Write-Version} for this protocol. */
    public String headerValue() {
        return headerValue;
    }

    /** The full content type a sender uses for this protocol. */
    public String contentType() {
        return RemoteWriteHeaders.PROTOBUF_MEDIA_TYPE + ";proto=" + protobufMessage;
    }
}
