package io.amphora.distributor;

import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * An {@link IngesterClient} for tests that records every push by address and answers like a real ingester would,
 * as told:
 *
 * <ul>
 *   <li>by default every replica stores everything it is sent;</li>
 *   <li>{@link #failWithServerError} makes an address fail every push (the future fails, as an unreachable or
 *       crashing ingester's does); it stores nothing;</li>
 *   <li>{@link #delay} makes an address answer only after a (real-time) delay, to run past the distributor's
 *       timeout; it still stores what it was sent, as a slow ingester does;</li>
 *   <li>{@link #throwOnPush} makes {@code push} itself throw, for an adapter bug;</li>
 *   <li>{@link #refuse} and {@link #refuseMetadata} make every replica refuse a series' samples or a metadata entry
 *       with a reason and message, reported like an ingester's {@code PushFailures}: series by their index in the
 *       request, metadata entry {@code i} as index {@code -1 - i}; the rest of the push is stored.</li>
 * </ul>
 *
 * Thread-safe: the distributor calls it from whichever thread runs the push.
 */
public final class TestingIngesterClient implements IngesterClient {
    /** One call of {@link #push}, with the lists as they were passed. */
    public record Push(String address, TenantId tenant, List<Series> series, List<Metadata> metadata) {
        public Push {
            series = List.copyOf(series);
            metadata = List.copyOf(metadata);
        }
    }

    private record Refusing(ErrorCode code, String message) {}

    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final Map<String, List<Series>> stored = new ConcurrentHashMap<>();
    private final Map<String, List<Metadata>> storedMetadata = new ConcurrentHashMap<>();
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private final Map<String, Duration> delayed = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> throwing = new ConcurrentHashMap<>();
    private final Map<Labels, Refusing> refusedSeries = new ConcurrentHashMap<>();
    private final Map<String, Refusing> refusedMetadata = new ConcurrentHashMap<>();

    /** Every push to {@code address} fails with a server-side error whose message contains {@code message}. */
    public TestingIngesterClient failWithServerError(String address, String message) {
        failing.put(requireNonNull(address, "address is null"), requireNonNull(message, "message is null"));
        return this;
    }

    /** Pushes to {@code address} are stored at once but answered only after {@code delay}. */
    public TestingIngesterClient delay(String address, Duration delay) {
        delayed.put(requireNonNull(address, "address is null"), requireNonNull(delay, "delay is null"));
        return this;
    }

    /** {@code push} to {@code address} throws {@code exception} instead of returning a future. */
    public TestingIngesterClient throwOnPush(String address, RuntimeException exception) {
        throwing.put(requireNonNull(address, "address is null"), requireNonNull(exception, "exception is null"));
        return this;
    }

    /** Every replica refuses all samples and histograms of the series with exactly {@code labels}, for {@code code}. */
    public TestingIngesterClient refuse(Labels labels, ErrorCode code, String message) {
        refusedSeries.put(requireNonNull(labels, "labels is null"), new Refusing(requireNonNull(code, "code is null"),
                requireNonNull(message, "message is null")));
        return this;
    }

    /** Every replica refuses metadata of {@code metricFamilyName}, for {@code code}. */
    public TestingIngesterClient refuseMetadata(String metricFamilyName, ErrorCode code, String message) {
        refusedMetadata.put(requireNonNull(metricFamilyName, "metricFamilyName is null"),
                new Refusing(requireNonNull(code, "code is null"), requireNonNull(message, "message is null")));
        return this;
    }

    @Override
    public CompletableFuture<Result> push(String address, TenantId tenant, List<Series> series, List<Metadata> metadata) {
        requireNonNull(address, "address is null");
        requireNonNull(tenant, "tenant is null");
        pushes.add(new Push(address, tenant, series, metadata));
        RuntimeException exception = throwing.get(address);
        if (exception != null) {
            throw exception;
        }
        String failure = failing.get(address);
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("ingester " + address + ": INTERNAL: " + failure));
        }

        List<Refusal> refused = new ArrayList<>();
        long accepted = 0;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Refusing refusing = refusedSeries.get(s.labels());
            if (refusing != null) {
                refused.add(new Refusal(i, refusing.code(), refusing.code().reason(), refusing.message(),
                        s.timestamps().length + s.histograms().size()));
                continue;
            }
            accepted += s.timestamps().length + s.histograms().size();
            stored.computeIfAbsent(address, a -> new CopyOnWriteArrayList<>()).add(s);
        }
        for (int i = 0; i < metadata.size(); i++) {
            Metadata m = metadata.get(i);
            Refusing refusing = refusedMetadata.get(m.metricFamilyName());
            if (refusing != null) {
                refused.add(new Refusal(-1 - i, refusing.code(), refusing.code().reason(), refusing.message(), 0));
                continue;
            }
            storedMetadata.computeIfAbsent(address, a -> new CopyOnWriteArrayList<>()).add(m);
        }
        Result result = new Result(accepted, refused);

        Duration delay = delayed.get(address);
        if (delay != null) {
            return CompletableFuture.supplyAsync(() -> result,
                    CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
        }
        return CompletableFuture.completedFuture(result);
    }

    /** Every call of {@link #push}, in call order. */
    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    /** The calls made to {@code address}, in call order. */
    public List<Push> pushesTo(String address) {
        return pushes.stream().filter(p -> p.address().equals(address)).toList();
    }

    /** The series {@code address} stored (not failed, not refused), in arrival order. */
    public List<Series> stored(String address) {
        return List.copyOf(stored.getOrDefault(address, List.of()));
    }

    /** The labels of {@link #stored}. */
    public List<Labels> storedLabels(String address) {
        return stored(address).stream().map(Series::labels).toList();
    }

    /** The metadata entries {@code address} stored, in arrival order. */
    public List<Metadata> storedMetadata(String address) {
        return List.copyOf(storedMetadata.getOrDefault(address, List.of()));
    }
}
