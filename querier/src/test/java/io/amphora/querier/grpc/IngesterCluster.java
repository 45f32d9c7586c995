package io.amphora.querier.grpc;

import io.amphora.ingester.Ingester;
import io.amphora.ingester.IngesterConfig;
import io.amphora.ingester.MetricMetadata;
import io.amphora.ingester.PushResult;
import io.amphora.ingester.SeriesSamples;
import io.amphora.ingester.grpc.IngesterGrpcService;
import io.amphora.model.Labels;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.model.Limits;
import io.amphora.ring.HashRing;
import io.amphora.ring.Lifecycler;
import io.amphora.ring.LifecyclerConfig;
import io.amphora.ring.RingKeys;
import io.amphora.ring.RingWatcher;
import io.amphora.ring.kv.InMemoryKvStore;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real ingesters, each behind its own in-process gRPC server at the {@code in-process:<name>} address it advertises
 * in a shared ingester ring, as the single process runs them. An ingester can be made to fail every call (its
 * server answers {@code UNAVAILABLE}) while the ring still lists it as healthy, as when its process hangs.
 */
final class IngesterCluster implements AutoCloseable {
    /** The ingesters' clock; samples are written a little before it. */
    static final long NOW = 1_700_000_000_000L;

    private final InMemoryKvStore kv = new InMemoryKvStore();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Ingester> ingesters = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<AtomicBoolean> down = new ArrayList<>();
    private final RingWatcher ring;

    IngesterCluster(Path dir, int size) throws IOException {
        String prefix = InProcessServerBuilder.generateName();
        for (int i = 0; i < size; i++) {
            String name = prefix + "-ingester-" + i;
            Ingester ingester = new Ingester(IngesterConfig.defaults(dir.resolve("ingester-" + i)), Overrides.of(Limits.defaults()),
                    InstantSource.fixed(Instant.ofEpochMilli(NOW)), new SimpleMeterRegistry(), scheduler,
                    new Lifecycler(kv, InstantSource.system(), new Random(i), new LifecyclerConfig(RingKeys.INGESTER,
                            "ingester-" + i, IngesterChannels.IN_PROCESS_PREFIX + name, "", 16, Duration.ofSeconds(5), 10)));
            ingester.startAsync().awaitRunning();
            AtomicBoolean failing = new AtomicBoolean();
            String id = "ingester-" + i;
            servers.add(InProcessServerBuilder.forName(name)
                    .addService(ServerInterceptors.intercept(new IngesterGrpcService(ingester), new ServerInterceptor() {
                        @Override
                        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                ServerCallHandler<Q, R> next) {
                            if (failing.get()) {
                                call.close(Status.UNAVAILABLE.withDescription(id + " is down"), new Metadata());
                                return new ServerCall.Listener<>() {};
                            }
                            return next.startCall(call, headers);
                        }
                    })).build().start());
            ingesters.add(ingester);
            down.add(failing);
        }
        ring = new RingWatcher(kv, RingKeys.INGESTER, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, InstantSource.system());
        assertThat(ring.ring().healthyInstanceCount()).isEqualTo(size);
    }

    /** A client pool over this cluster's ring, as the querier would build it. */
    IngesterClientPool clientPool(int replicationFactor) {
        return IngesterClientPool.overChannels(ring::ring, replicationFactor, 16 << 20, Duration.ofSeconds(10),
                InstantSource.system());
    }

    /** Writes samples of one series (alternating timestamps and values) to the listed ingesters only. */
    void push(String tenant, Labels labels, int[] ingesterIndexes, double... timestampsAndValues) {
        int n = timestampsAndValues.length / 2;
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            timestamps[i] = (long) timestampsAndValues[2 * i];
            values[i] = timestampsAndValues[2 * i + 1];
        }
        for (int index : ingesterIndexes) {
            PushResult result = ingesters.get(index).push(TenantId.of(tenant), List.of(new SeriesSamples(0, labels, timestamps, values)));
            assertThat(result.failures()).as("push to ingester %d", index).isEmpty();
        }
    }

    /** Writes metric metadata to the listed ingesters only. */
    void pushMetadata(String tenant, int[] ingesterIndexes, String family, String type, String help) {
        for (int index : ingesterIndexes) {
            ingesters.get(index).push(TenantId.of(tenant), List.of(), List.of(new MetricMetadata(family, type, help, "")));
        }
    }

    void fail(int ingester) {
        down.get(ingester).set(true);
    }

    void recoverAll() {
        down.forEach(flag -> flag.set(false));
    }

    @Override
    public void close() {
        ring.close();
        servers.forEach(Server::shutdownNow);
        ingesters.forEach(i -> i.stopAsync().awaitTerminated());
        scheduler.shutdownNow();
    }
}
