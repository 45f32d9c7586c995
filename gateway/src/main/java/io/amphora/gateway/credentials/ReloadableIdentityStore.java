package io.amphora.gateway.credentials;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The identity store a running gateway uses: one snapshot at a time, swapped whole when the credentials file is
 * reloaded. A reload that fails leaves the current snapshot in place (the caller loads first and only then calls
 * {@link #replace}). Thread-safe.
 */
public final class ReloadableIdentityStore implements IdentityStore {
    private final AtomicReference<IdentitySnapshot> current;

    public ReloadableIdentityStore(IdentitySnapshot initial) {
        this.current = new AtomicReference<>(requireNonNull(initial, "initial is null"));
    }

    /** Makes {@code snapshot} the one every later lookup uses; lookups in flight finish on the old one. */
    public void replace(IdentitySnapshot snapshot) {
        current.set(requireNonNull(snapshot, "snapshot is null"));
    }

    public IdentitySnapshot current() {
        return current.get();
    }

    @Override
    public Optional<Credential> findByAccessKeyId(String accessKeyId) {
        return current.get().findByAccessKeyId(accessKeyId);
    }

    @Override
    public String toString() {
        return "ReloadableIdentityStore[" + current.get() + "]";
    }
}
