package io.amphora.distributor;

import io.amphora.distributor.grpc.IngesterChannels;
import io.amphora.distributor.grpc.IngesterClientPool;
import io.amphora.distributor.limits.IngestionRateLimiter;
import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.ProtocolVersion;
import io.amphora.distributor.remotewrite.WriteBatch;
import io.amphora.ingester.Ingester;
import io.amphora.ingester.IngesterConfig;
import io.amphora.ingester.grpc.IngesterGrpcService;
import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.ring.HashRing;
import io.amphora.ring.InstanceState;
import io.amphora.ring.Lifecycler;
import io.amphora.ring.LifecyclerConfig;
import io.amphora.ring.RingDesc;
import io.amphora.ring.RingKeys;
import io.amphora.ring.RingWatcher;
import io.amphora.ring.ha.HaTracker;
import io.amphora.ring.ha.HaTrackerConfig;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.testing.TestingClock;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deleter against three real ingesters on RocksDB, each behind its own in-process gRPC server at the address it
 * advertises in a shared ring, written to through a real distributor with replication factor 3.
 */
class TenantDataDeleterTest {
    private static final TenantId TENANT = TenantId.of("ws-doomed");
    private static final TenantId OTHER = TenantId.of("ws-kept");
    private static final long NOW = TestingClock.DEFAULT_START.toEpochMilli();
    /** The deleted workspace may take 10 samples at once and gets no refill while the test clock stands still. */
    private static final Overrides OVERRIDES = Overrides.of(Limits.defaults(),
            Map.of(TENANT, Limits.defaults().with(Map.of("ingestion_rate", 1, "ingestion_burst_size", 10))));

    @TempDir
    Path dir;

    private final TestingClock clock = new TestingClock();
    private final InMemoryKvStore kv = new InMemoryKvStore();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Ingester> ingesters = new ArrayList<>();
    private final List<Lifecycler> lifecyclers = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    /** Per ingester: how its server answers every call; null to serve normally. */
    private final List<Status> answers = new CopyOnWriteArrayList<>();
    private RingWatcher ring;
    private IngesterClientPool pool;
    private HaTracker haTracker;
    private Distributor distributor;

    @BeforeEach
    void start() throws IOException {
        String prefix = InProcessServerBuilder.generateName();
        for (int i = 0; i < 3; i++) {
            String name = prefix + "-ingester-" + i;
            Lifecycler lifecycler = new Lifecycler(kv, InstantSource.system(), new Random(i), new LifecyclerConfig(
                    RingKeys.INGESTER, "ingester-" + i, IngesterChannels.IN_PROCESS_PREFIX + name, "", 16, Duration.ofSeconds(5), 10));
            Ingester ingester = new Ingester(IngesterConfig.defaults(dir.resolve("ingester-" + i)), Overrides.of(Limits.defaults()),
                    InstantSource.fixed(Instant.ofEpochMilli(NOW)), new SimpleMeterRegistry(), scheduler, lifecycler);
            ingester.startAsync().awaitRunning();
            int index = i;
            answers.add(null);
            servers.add(InProcessServerBuilder.forName(name).addService(ServerInterceptors.intercept(
                    new IngesterGrpcService(ingester), new ServerInterceptor() {
                        @Override
                        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                ServerCallHandler<Q, R> next) {
                            Status answer = answers.get(index);
                            if (answer == null) {
                                return next.startCall(call, headers);
                            }
                            if (!answer.isOk()) {
                                call.close(answer, new Metadata());
                            } // an OK answer stands for a hung ingester: the call is never closed
                            return new ServerCall.Listener<>() {};
                        }
                    })).build().start());
            ingesters.add(ingester);
            lifecyclers.add(lifecycler);
        }
        ring = new RingWatcher(kv, RingKeys.INGESTER, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, InstantSource.system());
        assertThat(ring.ring().healthyInstanceCount()).isEqualTo(3);
        pool = new IngesterClientPool(address -> IngesterChannels.forAddress(address, 16 << 20), Duration.ofSeconds(10));
        haTracker = new HaTracker(kv, clock, HaTrackerConfig.defaults());
        distributor = new Distributor(new DistributorConfig(3, Duration.ofSeconds(10), DistributorConfig.DEFAULT_MAX_RECV_MESSAGE_SIZE,
                DistributorConfig.DEFAULT_HA_FAILOVER_TIMEOUT, DistributorConfig.DEFAULT_HA_UPDATE_TIMEOUT), OVERRIDES, haTracker,
                ring::ring, pool, new IngestionRateLimiter(OVERRIDES, clock), clock, registry);
    }

    @AfterEach
    void stop() {
        pool.close();
        haTracker.close();
        ring.close();
        servers.forEach(Server::shutdownNow);
        ingesters.forEach(i -> i.stopAsync().awaitTerminated());
        scheduler.shutdownNow();
    }

    private TenantDataDeleter deleter(Supplier<HashRing> ring, Duration timeout) {
        return new TenantDataDeleter(ring, pool, distributor, kv, timeout);
    }

    private TenantDataDeleter deleter() {
        return deleter(ring::ring, Duration.ofSeconds(30));
    }

    @Test
    void deletesTheTenantOnEveryIngesterAndDropsTheDistributorsStateForIt() {
        pushBoth();
        assertThat(haTracker.election(TENANT, "c1")).isPresent();
        assertThat(tenantMeters(TENANT)).contains("cortex_distributor_received_samples", "cortex_distributor_samples_in");
        assertThat(distributor.push(TENANT, batch(fiveSamples())).status())
                .as("the workspace's bucket holds only 4 samples").isEqualTo(429);
        assertThat(tenantMeters(TENANT)).contains("cortex_discarded_samples");

        Map<String, Long> deleted = deleter().delete(TENANT);

        assertThat(deleted).containsExactly(Map.entry("ingester-0", 2L), Map.entry("ingester-1", 2L), Map.entry("ingester-2", 2L));
        for (Ingester ingester : ingesters) {
            assertThat(series(ingester, TENANT)).isEmpty();
            assertThat(ingester.metricsMetadata(TENANT, "", 0, 0)).isEmpty();
            assertThat(series(ingester, OTHER)).containsExactly("{__name__=\"up\", cluster=\"c1\", job=\"api\"}");
        }
        assertThat(haTracker.election(TENANT, "c1")).isEmpty();
        assertThat(kv.keys(HaTracker.KEY_PREFIX + TENANT.value() + "/")).isEmpty();
        assertThat(haTracker.election(OTHER, "c1")).isPresent();
        assertThat(tenantMeters(TENANT)).isEmpty();
        assertThat(tenantMeters(OTHER)).contains("cortex_distributor_received_samples");
        // A full bucket again: the push that was refused now goes through, into an empty tenant.
        assertThat(distributor.push(TENANT, batch(fiveSamples())).status()).isEqualTo(200);
        // Acknowledged by a quorum (2 of 3): those hold only the new series.
        assertThat(ingesters.stream().map(ingester -> series(ingester, TENANT))
                .filter(series -> series.equals(List.of("{__name__=\"late\"}"))).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void asksJoiningLeavingAndUnhealthyInstancesToo() {
        pushBoth();
        lifecyclers.get(1).changeState(InstanceState.LEAVING);
        lifecyclers.get(2).changeState(InstanceState.JOINING);
        // As a distributor sees the ring when no instance heartbeated for an hour: none is healthy.
        InstantSource anHourLater = InstantSource.fixed(Instant.now().plus(Duration.ofHours(1)));
        Supplier<HashRing> stale = () -> new HashRing(ring.ring().desc(), HashRing.DEFAULT_HEARTBEAT_TIMEOUT, anHourLater);
        assertThat(stale.get().healthyInstanceCount()).isZero();

        Map<String, Long> deleted = deleter(stale, Duration.ofSeconds(30)).delete(TENANT);

        assertThat(deleted).containsOnlyKeys("ingester-0", "ingester-1", "ingester-2").allSatisfy((id, series) -> assertThat(series).isEqualTo(2));
        for (Ingester ingester : ingesters) {
            assertThat(series(ingester, TENANT)).isEmpty();
            assertThat(series(ingester, OTHER)).hasSize(1);
        }
    }

    @Test
    void failsNamingTheIngestersThatDidNotConfirmAndARetryFinishesTheJob() {
        pushBoth();
        answers.set(1, Status.UNAVAILABLE.withDescription("ingester-1 is down"));

        assertThatThrownBy(() -> deleter().delete(TENANT))
                .isInstanceOfSatisfying(TenantDeletionException.class, e -> {
                    assertThat(e.tenant()).isEqualTo(TENANT);
                    assertThat(e.failedInstances()).containsExactly("ingester-1");
                    assertThat(e).hasMessageStartingWith("deleting the data of tenant ws-doomed failed on 1 of 3 ingesters: ingester-1 at in-process:")
                            .hasMessageContaining("UNAVAILABLE: ingester-1 is down");
                });
        assertThat(series(ingesters.get(0), TENANT)).isEmpty();
        assertThat(series(ingesters.get(1), TENANT)).hasSize(2);
        assertThat(series(ingesters.get(2), TENANT)).isEmpty();

        answers.set(1, null);
        Map<String, Long> deleted = deleter().delete(TENANT);

        assertThat(deleted).containsExactly(Map.entry("ingester-0", 0L), Map.entry("ingester-1", 2L), Map.entry("ingester-2", 0L));
        assertThat(series(ingesters.get(1), TENANT)).isEmpty();
        assertThat(series(ingesters.get(1), OTHER)).hasSize(1);
    }

    @Test
    void anIngesterThatDoesNotAnswerInTimeCountsAsFailed() {
        pushBoth();
        answers.set(2, Status.OK);

        assertThatThrownBy(() -> deleter(ring::ring, Duration.ofMillis(300)).delete(TENANT))
                .isInstanceOfSatisfying(TenantDeletionException.class, e -> {
                    assertThat(e.failedInstances()).containsExactly("ingester-2");
                    assertThat(e.getMessage()).containsAnyOf("DEADLINE_EXCEEDED", "no answer within PT0.3S");
                });
        assertThat(series(ingesters.get(0), TENANT)).isEmpty();
    }

    @Test
    void deletingAnUnknownTenantSucceedsOnEveryIngester() {
        pushBoth();

        assertThat(deleter().delete(TenantId.of("ws-never-seen")))
                .containsExactly(Map.entry("ingester-0", 0L), Map.entry("ingester-1", 0L), Map.entry("ingester-2", 0L));
        assertThat(series(ingesters.get(0), TENANT)).hasSize(2);
    }

    @Test
    void neverReportsSuccessWhenNoIngesterIsInTheRing() {
        HashRing empty = new HashRing(RingDesc.EMPTY, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, clock);

        assertThatThrownBy(() -> deleter(() -> empty, Duration.ofSeconds(1)).delete(TENANT))
                .isInstanceOfSatisfying(TenantDeletionException.class, e -> {
                    assertThat(e.failedInstances()).isEmpty();
                    assertThat(e).hasMessage("cannot delete the data of tenant ws-doomed: no ingester is in the ring");
                });
    }

    /**
     * Both workspaces write through the distributor as the elected replica of HA cluster {@code c1}, so every ingester
     * holds their series, each workspace has an election, and the deleted one's rate bucket is down to 4 samples.
     */
    private void pushBoth() {
        assertThat(distributor.push(TENANT, batch(haSeries("up", NOW - 2000, NOW - 1000, NOW),
                haSeries("down", NOW - 2000, NOW - 1000, NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(OTHER, batch(haSeries("up", NOW))).status()).isEqualTo(200);
        for (Ingester ingester : ingesters) {
            assertThat(series(ingester, TENANT)).hasSize(2);
        }
    }

    private static IncomingSeries fiveSamples() {
        return series(new String[] {"__name__", "late"}, NOW + 1, NOW + 2, NOW + 3, NOW + 4, NOW + 5);
    }

    private static IncomingSeries haSeries(String name, long... timestamps) {
        return series(new String[] {"__name__", name, "__replica__", "r1", "cluster", "c1", "job", "api"}, timestamps);
    }

    private static IncomingSeries series(String[] labels, long... timestamps) {
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return IncomingSeries.ofSamples(labels, timestamps, values);
    }

    private static WriteBatch batch(IncomingSeries... series) {
        return new WriteBatch(List.of(series), List.of(), ProtocolVersion.V1, List.of());
    }

    private static List<String> series(Ingester ingester, TenantId tenant) {
        return ingester.series(tenant, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), 0).stream().map(Labels::toString).toList();
    }

    private List<String> tenantMeters(TenantId tenant) {
        return registry.getMeters().stream().map(Meter::getId).filter(id -> tenant.value().equals(id.getTag("user")))
                .map(Meter.Id::getName).distinct().sorted().toList();
    }
}
