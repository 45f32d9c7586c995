package io.amphora.distributor.grpc;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Channels to the addresses ingesters advertise in the ring: {@code in-process:<name>} is the in-process gRPC server
 * of this process (the single-process deployment: same code path, no network), anything else a {@code host:port}
 * reached over plaintext HTTP/2.
 */
public final class IngesterChannels {
    public static final String IN_PROCESS_PREFIX = "in-process:";

    private IngesterChannels() {}

    public static ManagedChannel forAddress(String address, int maxInboundMessageSize) {
        if (address.startsWith(IN_PROCESS_PREFIX)) {
            return InProcessChannelBuilder.forName(address.substring(IN_PROCESS_PREFIX.length()))
                    .maxInboundMessageSize(maxInboundMessageSize).build();
        }
        return NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(maxInboundMessageSize).build();
    }
}
