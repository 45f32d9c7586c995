package io.amphora.distributor.remotewrite;

/** Header names and values of the remote-write HTTP protocol (WIRE.md §3). */
public final class RemoteWriteHeaders {
    public static final String PROTOBUF_MEDIA_TYPE = "application/x-protobuf";
    public static final String SNAPPY_ENCODING = "snappy";
    public static final String VERSION = "X-Prometheus-Remote-Write-Version";

    /**
     * 2.0 response headers: what was actually written, each a single integer. They are sent for 2.0 requests only
     * (whether they succeeded or not), never for 1.0; see {@link PointCounts} for the counting.
     */
    public static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
    public static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
    public static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

    private RemoteWriteHeaders() {}
}
