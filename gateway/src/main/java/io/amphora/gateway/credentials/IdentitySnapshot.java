package io.amphora.gateway.credentials;

import io.amphora.gateway.policy.AttachedPolicy;
import io.amphora.gateway.policy.ManagedPolicies;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An immutable set of credentials, as one load of the credentials file (or the admin key) produced it. Immutable
 * and thread-safe, so a reload swaps whole snapshots and a request never sees half of one.
 */
public final class IdentitySnapshot implements IdentityStore {
    /** The principal name of the bootstrap admin key. */
    public static final String ADMIN_NAME = "admin";

    private final Map<String, Credential> byAccessKeyId;

    private IdentitySnapshot(Map<String, Credential> byAccessKeyId) {
        this.byAccessKeyId = byAccessKeyId;
    }

    /**
     * @throws IllegalArgumentException when two credentials share an access key id
     */
    public static IdentitySnapshot of(Collection<Credential> credentials) {
        requireNonNull(credentials, "credentials is null");
        Map<String, Credential> byId = new LinkedHashMap<>();
        for (Credential credential : credentials) {
            String id = credential.accessKey().accessKeyId();
            if (byId.putIfAbsent(id, credential) != null) {
                throw new IllegalArgumentException("access key id " + id + " is used more than once");
            }
        }
        return new IdentitySnapshot(Map.copyOf(byId));
    }

    /** The snapshot holding only the bootstrap admin: principal {@value #ADMIN_NAME} with full access. */
    public static IdentitySnapshot ofAdmin(AccessKey accessKey, String accountId) {
        AttachedPolicy fullAccess = ManagedPolicies.byName(ManagedPolicies.FULL_ACCESS).orElseThrow();
        Identity admin = new Identity(new Principal(ADMIN_NAME, accountId), List.of(fullAccess));
        return of(List.of(new Credential(accessKey, admin)));
    }

    @Override
    public Optional<Credential> findByAccessKeyId(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(requireNonNull(accessKeyId, "accessKeyId is null")));
    }

    /** How many access keys the snapshot holds. */
    public int size() {
        return byAccessKeyId.size();
    }

    @Override
    public String toString() {
        return "IdentitySnapshot[" + byAccessKeyId.size() + " access keys]";
    }
}
