package io.amphora.distributor;

import io.amphora.distributor.limits.IngestionRateLimiter;
import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.MetricMetadata;
import io.amphora.distributor.remotewrite.NativeHistogram;
import io.amphora.distributor.remotewrite.PointCounts;
import io.amphora.distributor.remotewrite.Rejection;
import io.amphora.distributor.remotewrite.SeriesMetadata;
import io.amphora.distributor.remotewrite.WriteBatch;
import io.amphora.distributor.validation.Discard;
import io.amphora.distributor.validation.HistogramChecks;
import io.amphora.distributor.validation.SeriesValidation;
import io.amphora.distributor.validation.SeriesValidator;
import io.amphora.distributor.validation.ValidationConfig;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.ring.BatchResult;
import io.amphora.ring.HashRing;
import io.amphora.ring.ReplicaError;
import io.amphora.ring.ReplicatedBatch;
import io.amphora.ring.TooFewReplicasException;
import io.amphora.ring.ha.Election;
import io.amphora.ring.ha.HaTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Receives decoded remote-write requests for a workspace and spreads them over the ingesters (Cortex's distributor):
 *
 * <ol>
 *   <li>HA de-duplication: when the first series carries the workspace's cluster and replica labels, only the
 *       elected replica's requests are stored (others get 202); the replica label is removed before validation.</li>
 *   <li>Validation of every series and metadata entry against the workspace's limits; refused parts are counted in
 *       {@code cortex_discarded_samples_total} (exemplars and metadata in {@code cortex_discarded_exemplars_total} and
 *       {@code cortex_discarded_metadata_total}) and reported, the valid rest goes on.</li>
 *   <li>The ingestion rate limit, for the request as a whole (429).</li>
 *   <li>Sharding: each series is hashed (workspace + labels) onto the ingester ring and sent to its
 *       {@code replicationFactor} replicas; a series is stored once a quorum acknowledged it. A request succeeds only
 *       when every series reached its quorum; otherwise it fails with 5xx so the sender retries (ingesters accept an
 *       identical sample again as a no-op).</li>
 * </ol>
 *
 * Native histograms are validated as Prometheus's TSDB validates them (resolutions finer than schema 8 are reduced
 * to 8 first) and stored like float samples; they count as samples for the rate limit and the discard metrics, as
 * in Cortex. Exemplars are dropped and counted, as in Cortex with exemplar storage disabled; the 2.0 response
 * headers report the float samples and histograms stored. Thread-safe.
 */
public final class Distributor {
    static final int MAX_ERRORS_IN_MESSAGE = 3;
    private static final int MAX_CACHED_VALIDATORS = 256;

    private final DistributorConfig config;
    private final Overrides overrides;
    private final HaTracker haTracker;
    private final Supplier<HashRing> ring;
    private final IngesterClient ingesters;
    private final IngestionRateLimiter rateLimiter;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final Map<Limits, SeriesValidator> validators = new ConcurrentHashMap<>();

    public Distributor(DistributorConfig config, Overrides overrides, HaTracker haTracker, Supplier<HashRing> ring,
                       IngesterClient ingesters, IngestionRateLimiter rateLimiter, InstantSource clock, MeterRegistry registry) {
        this.config = requireNonNull(config, "config is null").validate();
        this.overrides = requireNonNull(overrides, "overrides is null");
        this.haTracker = requireNonNull(haTracker, "haTracker is null");
        this.ring = requireNonNull(ring, "ring is null");
        this.ingesters = requireNonNull(ingesters, "ingesters is null");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    public DistributorConfig config() {
        return config;
    }

    /**
     * Drops what this distributor keeps for a tenant whose data is deleted: its ingestion-rate bucket and its
     * per-tenant metrics (every meter tagged {@code user=<tenant>} named {@code cortex_distributor_*} or
     * {@code cortex_discarded_*}). A later push for the tenant starts both afresh. HA elections are cluster state and
     * are removed by {@link TenantDataDeleter}. Idempotent.
     */
    public void forgetTenant(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        rateLimiter.forget(tenant);
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (tenant.value().equals(id.getTag("user"))
                    && (id.getName().startsWith("cortex_distributor_") || id.getName().startsWith("cortex_discarded_"))) {
                registry.remove(meter);
            }
        }
    }

    public PushOutcome push(TenantId tenant, WriteBatch batch) {
        Limits limits = overrides.forTenant(tenant);
        PointCounts received = batch.counts();
        counter("cortex_distributor_received_samples", "Samples received, before validation.", tenant).increment(received.samples());
        counter("cortex_distributor_received_metadata", "Metadata entries received.", tenant).increment(batch.metadata().size());
        Errors errors = new Errors();
        for (Rejection r : batch.rejected()) {
            errors.add(r.message(), r.discarded().samplesAndHistograms(), true);
            discard(tenant, r.code(), r.discarded().samplesAndHistograms());
        }

        String replicaLabel = null;
        if (limits.acceptHaSamples() && !batch.series().isEmpty()) {
            IncomingSeries first = batch.series().getFirst();
            String cluster = labelValue(first, limits.haClusterLabel());
            String replica = labelValue(first, limits.haReplicaLabel());
            if (!cluster.isEmpty() && !replica.isEmpty()) {
                switch (haTracker.check(tenant, cluster, replica)) {
                    case ACCEPT -> replicaLabel = limits.haReplicaLabel();
                    case REJECT_NOT_ELECTED -> {
                        Counter.builder("cortex_distributor_deduped_samples").description("Samples dropped from non-elected HA replicas.")
                                .tag("user", tenant.value()).tag("cluster", cluster).register(registry)
                                .increment(received.samplesAndHistograms());
                        String elected = haTracker.election(tenant, cluster).map(Election::replica).orElse("");
                        return new PushOutcome(202, "replicas did not match, rejecting sample: replica=" + replica
                                + ", elected=" + elected, PointCounts.ZERO);
                    }
                    case REJECT_TOO_MANY_CLUSTERS -> {
                        discard(tenant, ErrorCode.HA_TOO_MANY_CLUSTERS, received.samplesAndHistograms());
                        return new PushOutcome(400, haTracker.tooManyClustersMessage(tenant), PointCounts.ZERO);
                    }
                }
            }
        }

        if (validators.size() > MAX_CACHED_VALIDATORS) {
            validators.clear(); // distinct limit sets only accumulate through override reloads; start afresh
        }
        SeriesValidator validator = validators.computeIfAbsent(limits, this::validatorFor);
        List<IngesterClient.Series> series = new ArrayList<>(batch.series().size());
        Set<IngesterClient.Metadata> metadata = new LinkedHashSet<>();
        long exemplarsDropped = 0;
        for (IncomingSeries in : batch.series()) {
            SeriesValidation v = validator.validate(replicaLabel == null ? in : withoutLabel(in, replicaLabel));
            for (Discard d : v.discards()) {
                // Exemplars are not stored, so an invalid one is counted but does not fail the request (as in Mimir
                // with exemplar storage disabled).
                boolean onlyExemplars = d.discarded().samplesAndHistograms() == 0 && d.metadata() == 0
                        && d.discarded().exemplars() > 0 && v instanceof SeriesValidation.Accepted;
                if (!onlyExemplars) {
                    errors.add(d.error().message(), d.discarded().samplesAndHistograms(), v instanceof SeriesValidation.Rejected);
                }
                discard(tenant, d.error().code(), d.discarded().samplesAndHistograms());
                if (d.discarded().exemplars() > 0) {
                    discardedExemplars(tenant, d.error().code().reason(), d.discarded().exemplars());
                }
                if (d.metadata() > 0) {
                    discardedMetadata(tenant, d.error().code(), d.metadata());
                }
            }
            if (!(v instanceof SeriesValidation.Accepted accepted)) {
                continue;
            }
            Labels labels = accepted.labels();
            IncomingSeries valid = accepted.series();
            exemplarsDropped += valid.exemplars().size();
            if (!valid.histograms().isEmpty()) {
                series.add(new IngesterClient.Series(labels, valid.timestamps(), valid.values(), histograms(valid.histograms())));
            } else if (valid.timestamps().length > 0) {
                series.add(new IngesterClient.Series(labels, valid.timestamps(), valid.values()));
            }
            SeriesMetadata m = valid.metadata();
            if (!m.isNone()) {
                metadata.add(new IngesterClient.Metadata(labels.metricName(), m.type().prometheusName(), m.help(), m.unit()));
            }
        }
        if (exemplarsDropped > 0) {
            discardedExemplars(tenant, "exemplars_disabled", exemplarsDropped);
        }
        for (MetricMetadata m : batch.metadata()) {
            var error = validator.validateMetadata(m);
            if (error.isPresent()) {
                errors.add(error.get().message(), 0, false);
                discardedMetadata(tenant, error.get().code(), 1);
            } else {
                metadata.add(new IngesterClient.Metadata(m.metricFamilyName(), m.type().prometheusName(), m.help(), m.unit()));
            }
        }

        long floats = 0;
        long histograms = 0;
        for (IngesterClient.Series s : series) {
            floats += s.timestamps().length;
            histograms += s.histograms().size();
        }
        long samples = floats + histograms;
        if (samples + metadata.size() > 0 && !rateLimiter.tryAcquire(tenant, samples + metadata.size())) {
            discard(tenant, ErrorCode.RATE_LIMITED, samples);
            return new PushOutcome(429, IngestionRateLimiter.message(limits, samples, metadata.size()), PointCounts.ZERO);
        }

        PointCounts written = PointCounts.ZERO;
        if (!series.isEmpty() || !metadata.isEmpty()) {
            Sent sent;
            try {
                sent = send(tenant, series, List.copyOf(metadata));
            } catch (TooFewReplicasException e) {
                return new PushOutcome(503, e.getMessage(), PointCounts.ZERO);
            }
            if (!sent.result.succeeded()) {
                ReplicaError error = sent.result.error().orElseThrow();
                return new PushOutcome(error.clientError() ? 400 : 500, "failed pushing to ingester " + error.instanceId()
                        + ": " + error.message(), PointCounts.ZERO);
            }
            long refusedFloats = 0;
            long refusedHistograms = 0;
            for (Map.Entry<Integer, IngesterClient.Refusal> refusal : sent.refusals.entrySet()) {
                IngesterClient.Refusal r = refusal.getValue();
                errors.add(r.message(), r.samplesRejected(), false);
                if (refusal.getKey() < series.size()) {
                    // A refusal counts floats and histograms of the series together; the ingester appends the floats
                    // first, so in the rare series that has both, the refused ones are counted as floats first.
                    IngesterClient.Series s = series.get(refusal.getKey());
                    long asFloats = Math.min(r.samplesRejected(), s.timestamps().length);
                    refusedFloats += asFloats;
                    refusedHistograms += Math.min(r.samplesRejected() - asFloats, s.histograms().size());
                }
            }
            written = new PointCounts(floats - refusedFloats, histograms - refusedHistograms, 0);
            counter("cortex_distributor_samples_in", "Samples sent to the ingesters.", tenant).increment(samples);
        }
        if (errors.count > 0) {
            return new PushOutcome(400, errors.message(received.samplesAndHistograms(), written.samplesAndHistograms()), written);
        }
        return new PushOutcome(200, "", written);
    }

    private record Sent(BatchResult result, Map<Integer, IngesterClient.Refusal> refusals) {}

    /** The model form of validated histograms, in the order sent. */
    private static List<IngesterClient.HistogramSample> histograms(List<NativeHistogram> histograms) {
        List<IngesterClient.HistogramSample> out = new ArrayList<>(histograms.size());
        for (NativeHistogram h : histograms) {
            out.add(h.floatHistogram()
                    ? new IngesterClient.HistogramSample(h.timestamp(), null, HistogramChecks.toFloatHistogram(h))
                    : new IngesterClient.HistogramSample(h.timestamp(), HistogramChecks.toHistogram(h), null));
        }
        return out;
    }

    /** Sends series (items {@code 0..n-1}) and metadata (items {@code n..}) to their replicas with per-item quorum. */
    private Sent send(TenantId tenant, List<IngesterClient.Series> series, List<IngesterClient.Metadata> metadata) {
        int n = series.size();
        int[] hashes = new int[n + metadata.size()];
        long tenantHash = Labels.of("__tenant__", tenant.value()).stableHash();
        for (int i = 0; i < n; i++) {
            hashes[i] = shardKey(tenantHash, series.get(i).labels().stableHash());
        }
        for (int i = 0; i < metadata.size(); i++) {
            hashes[n + i] = shardKey(tenantHash, Labels.of("__name__", metadata.get(i).metricFamilyName()).stableHash());
        }
        Map<Integer, IngesterClient.Refusal> refusals = new ConcurrentHashMap<>();
        BatchResult result = ReplicatedBatch.run(ring.get(), hashes, config.replicationFactor(), (instance, items) -> {
            List<IngesterClient.Series> part = new ArrayList<>();
            List<IngesterClient.Metadata> partMetadata = new ArrayList<>();
            int[] seriesItems = new int[items.length];
            int[] metadataItems = new int[items.length];
            for (int item : items) {
                if (item < n) {
                    seriesItems[part.size()] = item;
                    part.add(series.get(item));
                } else {
                    metadataItems[partMetadata.size()] = item;
                    partMetadata.add(metadata.get(item - n));
                }
            }
            return ingesters.push(instance.address(), tenant, part, partMetadata).thenAccept(r -> {
                for (IngesterClient.Refusal refusal : r.refused()) {
                    int local = refusal.seriesIndex();
                    int item = local >= 0 ? seriesItems[local] : metadataItems[-1 - local];
                    refusals.putIfAbsent(item, refusal);
                }
            });
        }, failure -> false, config.remoteTimeout());
        return new Sent(result, refusals);
    }

    /** Cortex shards by a hash of the workspace and all labels, so one workspace's series spread over every ingester. */
    private static int shardKey(long tenantHash, long labelsHash) {
        long h = tenantHash * 0x9E3779B97F4A7C15L ^ labelsHash;
        h ^= h >>> 32;
        return (int) h;
    }

    private SeriesValidator validatorFor(Limits limits) {
        return new SeriesValidator(new ValidationConfig(
                Math.max(1, limits.maxLabelNamesPerSeries()),
                Math.max(1, limits.maxLabelNameLength()),
                Math.max(1, limits.maxLabelValueLength()),
                limits.creationGracePeriod(),
                ValidationConfig.DEFAULT_REJECT_OLD_SAMPLES,
                ValidationConfig.DEFAULT_REJECT_OLD_SAMPLES_MAX_AGE,
                ValidationConfig.DEFAULT_NAME_VALIDATION,
                ValidationConfig.DEFAULT_REQUIRE_SORTED_LABELS,
                ValidationConfig.DEFAULT_MAX_METADATA_LENGTH), clock);
    }

    /**
     * The series without its {@code name} pairs, so that it is validated as it will be stored: Cortex removes the HA
     * replica label before validation, so the label counts against no limit. When the first string that was not
     * valid UTF-8 lies in a removed pair, later strings may be invalid too and cannot be told apart any more: the
     * series is then returned unchanged and validation refuses it for that string.
     */
    private static IncomingSeries withoutLabel(IncomingSeries series, String name) {
        String[] nv = series.namesAndValues();
        int removed = 0;
        int invalidUtf8At = series.invalidUtf8At();
        for (int i = 0; i < nv.length; i += 2) {
            if (nv[i].equals(name)) {
                if (invalidUtf8At == i || invalidUtf8At == i + 1) {
                    return series;
                }
                removed++;
            }
        }
        if (removed == 0) {
            return series;
        }
        String[] kept = new String[nv.length - 2 * removed];
        int n = 0;
        int keptInvalidUtf8At = -1;
        for (int i = 0; i < nv.length; i += 2) {
            if (nv[i].equals(name)) {
                continue;
            }
            if (invalidUtf8At == i || invalidUtf8At == i + 1) {
                keptInvalidUtf8At = n + invalidUtf8At - i;
            }
            kept[n++] = nv[i];
            kept[n++] = nv[i + 1];
        }
        return new IncomingSeries(kept, keptInvalidUtf8At, series.timestamps(), series.values(), series.startTimestamps(),
                series.histograms(), series.exemplars(), series.metadata());
    }

    private static String labelValue(IncomingSeries series, String name) {
        for (int i = 0; i < series.labelCount(); i++) {
            if (series.labelName(i).equals(name)) {
                return series.labelValue(i);
            }
        }
        return "";
    }

    private void discard(TenantId tenant, ErrorCode code, long samples) {
        if (samples > 0) {
            Counter.builder("cortex_discarded_samples").description("Samples refused, by reason.")
                    .tag("reason", code.reason()).tag("user", tenant.value()).register(registry).increment(samples);
        }
    }

    private void discardedExemplars(TenantId tenant, String reason, long exemplars) {
        Counter.builder("cortex_discarded_exemplars").description("Exemplars dropped, by reason (exemplar storage is not enabled).")
                .tag("reason", reason).tag("user", tenant.value()).register(registry).increment(exemplars);
    }

    private void discardedMetadata(TenantId tenant, ErrorCode code, int entries) {
        Counter.builder("cortex_discarded_metadata").description("Metadata entries refused, by reason.")
                .tag("reason", code.reason()).tag("user", tenant.value()).register(registry).increment(entries);
    }

    private Counter counter(String name, String description, TenantId tenant) {
        return Counter.builder(name).description(description).tag("user", tenant.value()).register(registry);
    }

    /** The refusals of one push, for the 400 message: the first few texts and totals. */
    private static final class Errors {
        private final List<String> first = new ArrayList<>(MAX_ERRORS_IN_MESSAGE);
        private int count;
        private int seriesRejected;
        private long samplesRejected;

        void add(String message, long samples, boolean wholeSeries) {
            if (first.size() < MAX_ERRORS_IN_MESSAGE) {
                first.add(message);
            }
            count++;
            samplesRejected += samples;
            if (wholeSeries) {
                seriesRejected++;
            }
        }

        String message(long received, long stored) {
            StringBuilder sb = new StringBuilder(String.join("; ", first));
            if (count > first.size()) {
                sb.append("; and ").append(count - first.size()).append(" more errors");
            }
            return sb.append(" (").append(seriesRejected).append(" series and ").append(samplesRejected)
                    .append(" samples rejected of ").append(received).append(" samples received; ").append(stored)
                    .append(" samples stored)").toString();
        }
    }
}
