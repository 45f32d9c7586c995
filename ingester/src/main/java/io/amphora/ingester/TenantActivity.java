package io.amphora.ingester;

import io.amphora.model.TenantId;

import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The pushes and reads in flight per tenant, so that deleting a tenant can turn new ones away and wait for the running
 * ones. Without it a deletion could race with an appender that still holds the tenant's old head (its commit would
 * bring back series of a half-deleted tenant) or with a read that fetches closed chunks the deletion is removing.
 *
 * <p>Only tenants with an operation in flight or a deletion running have an entry, so the map stays as small as the
 * current concurrency. Thread-safe.
 */
final class TenantActivity {
    private final ConcurrentHashMap<TenantId, Entry> entries = new ConcurrentHashMap<>();

    /** An operation admitted by {@link #enter}; closing it (exactly once) ends the operation. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Holds a tenant's deletion: new operations are turned away until it is closed. */
    interface Exclusion extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Admits an operation on the tenant, or returns null while the tenant is being deleted. Never blocks on a
     * deletion.
     */
    Permit enter(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        while (true) {
            Entry entry = entries.computeIfAbsent(tenant, Entry::new);
            synchronized (entry) {
                if (entry.retired) {
                    continue; // removed from the map after we found it; a fresh entry takes its place
                }
                if (entry.excluded) {
                    return null;
                }
                entry.inFlight++;
                return entry;
            }
        }
    }

    /**
     * Turns new operations on the tenant away, then waits until the ones in flight have ended. Callers serialise
     * exclusions of one tenant (the ingester runs one deletion at a time). The wait is not interruptible: operations
     * are short, and giving up half-way would leave the caller unsure whether it holds the exclusion; an interrupt is
     * kept for the caller to see.
     *
     * @throws IllegalStateException when the tenant is already excluded
     */
    Exclusion exclude(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        while (true) {
            Entry entry = entries.computeIfAbsent(tenant, Entry::new);
            synchronized (entry) {
                if (entry.retired) {
                    continue;
                }
                if (entry.excluded) {
                    throw new IllegalStateException("tenant " + tenant + " is already excluded");
                }
                entry.excluded = true;
                boolean interrupted = false;
                while (entry.inFlight > 0) {
                    try {
                        entry.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return entry::release;
            }
        }
    }

    /** Whether any tenant has an operation in flight or a deletion running (for tests of the bookkeeping). */
    boolean isIdle() {
        return entries.isEmpty();
    }

    private final class Entry implements Permit {
        private final TenantId tenant;
        /** Guarded by this entry's monitor, as are the flags. */
        private int inFlight;
        private boolean excluded;
        /** Set once the entry has left the map; whoever finds a retired entry looks the tenant up again. */
        private boolean retired;

        Entry(TenantId tenant) {
            this.tenant = tenant;
        }

        @Override
        public synchronized void close() {
            if (inFlight == 0) {
                throw new IllegalStateException("permit of tenant " + tenant + " closed twice");
            }
            inFlight--;
            if (inFlight == 0) {
                if (excluded) {
                    notifyAll();
                } else {
                    retire();
                }
            }
        }

        synchronized void release() {
            excluded = false;
            if (inFlight == 0) {
                retire();
            }
        }

        private void retire() {
            retired = true;
            entries.remove(tenant, this);
        }
    }
}
