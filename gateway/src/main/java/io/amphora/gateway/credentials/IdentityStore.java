package io.amphora.gateway.credentials;

import java.util.Optional;

/** Looks up the credential behind an access key id. Implementations are thread-safe. */
public interface IdentityStore {
    /** The credential whose access key id is exactly {@code accessKeyId}, if any. */
    Optional<Credential> findByAccessKeyId(String accessKeyId);
}
