package io.amphora.ingester.wiring.archfixture;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * Breaks a layering rule on purpose, for {@code io.amphora.app.ArchitectureTest}: wiring that uses gRPC beyond
 * publishing a service (channels belong in a {@code grpc} package).
 */
public class WiringOpeningChannel {
    public ManagedChannel open(String target) {
        return ManagedChannelBuilder.forTarget(target).build();
    }
}
