package io.amphora.querier.grpc;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Channels to the addresses ingesters advertise in the ring: {@code in-process:<name>} is an in-process gRPC server
 * of this process (the single-process deployment: the same code path without a network), anything else a
 * {@code host:port} reached over plaintext HTTP/2. The querier's own copy: components do not share client code.
 */
public final class IngesterChannels {
    public static final String IN_PROCESS_PREFIX = "in-process:";

    private IngesterChannels() {}

    /** @param maxInboundMessageSize the largest {@code QueryStream} message accepted, in bytes */
    public static ManagedChannel forAddress(String address, int maxInboundMessageSize) {
        if (address.startsWith(IN_PROCESS_PREFIX)) {
            return InProcessChannelBuilder.forName(address.substring(IN_PROCESS_PREFIX.length()))
                    .maxInboundMessageSize(maxInboundMessageSize).build();
        }
        return NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(maxInboundMessageSize).build();
    }
}
