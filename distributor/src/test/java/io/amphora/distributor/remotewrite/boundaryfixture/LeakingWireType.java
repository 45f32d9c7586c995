package io.amphora.distributor.remotewrite.boundaryfixture;

import io.amphora.proto.prometheus.WriteRequest;

/** A deliberate violation for {@code RemoteWriteBoundaryTest}: a class outside the decoder's package using the wire. */
public final class LeakingWireType {
    private LeakingWireType() {}

    public static int seriesCount(WriteRequest request) {
        return request.getTimeseriesCount();
    }
}
