package io.amphora.gateway.credentials;

import static java.util.Objects.requireNonNull;

/** An access key and the identity requests signed with it act as. */
public record Credential(AccessKey accessKey, Identity identity) {
    public Credential {
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(identity, "identity is null");
    }
}
