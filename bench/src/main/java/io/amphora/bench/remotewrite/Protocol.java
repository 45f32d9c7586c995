package io.amphora.bench.remotewrite;

/** The remote-write protocol versions the load tool speaks, with the headers that tell a receiver which one it gets. */
public enum Protocol {
    /** {@code prometheus.WriteRequest}, the message every receiver accepts. */
    V1("1.0", "application/x-protobuf", "0.1.0"),
    /** {@code io.prometheus.write.v2.Request}, with a per-request symbol table and per-series metadata. */
    V2("2.0", "application/x-protobuf;proto=io.prometheus.write.v2.Request", "2.0.0");

    private final String name;
    private final String contentType;
    private final String versionHeader;

    Protocol(String name, String contentType, String versionHeader) {
        this.name = name;
        this.contentType = contentType;
        this.versionHeader = versionHeader;
    }

    /** The protocol named {@code 1.0} or {@code 2.0}, as on the command line. */
    public static Protocol fromName(String name) {
        for (Protocol protocol : values()) {
            if (protocol.name.equals(name)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown remote-write protocol '" + name + "': expected 1.0 or 2.0");
    }

    public String displayName() {
        return name;
    }

    /** The {@code Content-Type} of the request body. */
    public String contentType() {
        return contentType;
    }

    /** The {@code X-Prometheus-Remote-Write-Version} header value. */
    public String versionHeader() {
        return versionHeader;
    }
}
