package io.amphora.distributor;

import io.amphora.model.TenantId;
import io.amphora.ring.HashRing;
import io.amphora.ring.InstanceDesc;
import io.amphora.ring.ha.HaTracker;
import io.amphora.ring.ha.HaTrackerConfig;
import io.amphora.ring.kv.CasLoop;
import io.amphora.ring.kv.CasUpdate;
import io.amphora.ring.kv.KvStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Deletes a tenant's data from the ingesters and drops the distributor's own state for it: the ingester side of
 * deleting a workspace, which the control plane calls.
 *
 * <p>A tenant's series are spread over the whole ring, replicas move as instances join and leave, and an instance that
 * is {@code JOINING}, {@code LEAVING} or missed its heartbeats still holds what it stored. So every instance in the ring
 * is asked, whatever its state or health, all at once; {@link #delete} succeeds only when every one confirmed, and
 * otherwise fails naming those that did not. Every step is idempotent: the caller retries until it succeeds.
 *
 * <p>Also dropped: the tenant's HA-tracker elections, which are cluster state in the {@link KvStore} (every
 * distributor's tracker follows the store and forgets them), and this distributor's ingestion-rate bucket and
 * per-tenant metrics ({@link Distributor#forgetTenant}). Other distributors keep their bucket and metrics of the
 * tenant until they restart; a bucket only holds tokens, and workspace ids are never reused.
 *
 * <p>The caller must have stopped writes for the tenant first: the control plane marks the workspace
 * {@code DELETING}, and the gateway refuses its requests. A write the distributors accepted just before can still be
 * on its way to an ingester for up to {@code amphora.distributor.remote-timeout}; arriving after that ingester deleted
 * the tenant, it would start the tenant afresh there. Start the deletion no sooner than that after writes stopped.
 * An ingester that is not in the ring at all (stopped, having left it) is not reached and keeps its data.
 *
 * <p>Thread-safe.
 */
public final class TenantDataDeleter {
    /**
     * How long one ingester may take to confirm: a deletion writes a checkpoint of every tenant's changed series and
     * compacts the tenant's key ranges, which takes far longer than a push.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(TenantDataDeleter.class);

    private final Supplier<HashRing> ring;
    private final TenantDeletionClient ingesters;
    private final Distributor distributor;
    private final KvStore kv;
    private final Duration timeout;

    /**
     * @param ring the ingester ring as this distributor sees it now
     * @param kv the store holding the HA tracker's elections
     * @param timeout how long each ingester may take to confirm
     */
    public TenantDataDeleter(Supplier<HashRing> ring, TenantDeletionClient ingesters, Distributor distributor, KvStore kv,
                             Duration timeout) {
        this.ring = requireNonNull(ring, "ring is null");
        this.ingesters = requireNonNull(ingesters, "ingesters is null");
        this.distributor = requireNonNull(distributor, "distributor is null");
        this.kv = requireNonNull(kv, "kv is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Deletes the tenant's data on every ingester in the ring and drops this distributor's state for it; returns once
     * all of it is done.
     *
     * @return the series each ingester held for the tenant, by instance id, sorted
     * @throws TenantDeletionException naming the ingesters that did not confirm (or when the ring has none, since
     *     the data's holders cannot be reached then), or when the HA elections could not be removed; the other steps
     *     have been done. Also when the calling thread is interrupted while it waits (its interrupt flag stays set).
     */
    public Map<String, Long> delete(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        List<InstanceDesc> instances = ring.get().instances();
        if (instances.isEmpty()) {
            throw new TenantDeletionException(tenant, List.of(),
                    "cannot delete the data of tenant " + tenant + ": no ingester is in the ring");
        }
        List<CompletableFuture<Long>> calls = new ArrayList<>(instances.size());
        for (InstanceDesc instance : instances) {
            calls.add(call(instance, tenant));
        }
        Map<String, Long> seriesDeleted = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            InstanceDesc instance = instances.get(i);
            try {
                seriesDeleted.put(instance.id(), calls.get(i).get()); // bounded by orTimeout
            } catch (ExecutionException e) {
                failed.add(instance.id());
                reasons.add(instance.id() + " at " + instance.address() + " (" + describe(e.getCause()) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                List<String> unconfirmed = instances.stream().map(InstanceDesc::id)
                        .filter(id -> !seriesDeleted.containsKey(id)).toList();
                throw new TenantDeletionException(tenant, unconfirmed, "interrupted while deleting the data of tenant "
                        + tenant + "; not confirmed by " + String.join(", ", unconfirmed));
            }
        }
        String haFailure = null;
        try {
            removeHaElections(tenant);
        } catch (RuntimeException e) {
            haFailure = describe(e);
        }
        distributor.forgetTenant(tenant);

        if (!failed.isEmpty() || haFailure != null) {
            StringBuilder message = new StringBuilder("deleting the data of tenant ").append(tenant).append(" failed");
            if (!failed.isEmpty()) {
                message.append(" on ").append(failed.size()).append(" of ").append(instances.size())
                        .append(" ingesters: ").append(String.join("; ", reasons));
            }
            if (haFailure != null) {
                message.append(failed.isEmpty() ? ": " : "; and ").append("removing its HA tracker elections failed: ")
                        .append(haFailure);
            }
            throw new TenantDeletionException(tenant, failed, message.toString());
        }
        log.info("deleted the data of tenant {} on {} ingesters: series deleted by instance {}", tenant,
                instances.size(), seriesDeleted);
        return seriesDeleted;
    }

    private CompletableFuture<Long> call(InstanceDesc instance, TenantId tenant) {
        try {
            return ingesters.deleteTenant(instance.address(), tenant, timeout)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer within " + timeout;
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * Deletes the tenant's entries {@code ha-tracker/<tenant>/<cluster>} (the key layout {@link HaTracker} documents),
     * each by compare-and-set, retried when a distributor refreshed the entry meanwhile.
     */
    private void removeHaElections(TenantId tenant) {
        // Tenant ids cannot contain '/', so this prefix matches exactly this tenant's entries.
        for (String key : kv.keys(HaTracker.KEY_PREFIX + tenant.value() + "/")) {
            CasLoop.update(kv, key, HaTrackerConfig.DEFAULT_MAX_CAS_ATTEMPTS, current -> CasUpdate.delete(Boolean.TRUE));
        }
    }
}
