package io.amphora.gateway.credentials;

import io.amphora.gateway.policy.ManagedPolicies;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The text shown once, on the start that created the admin key: how to point the AWS CLI, Prometheus and Grafana at
 * this Amphora with that key. It names the key's id but never contains the secret: the commands read the secret
 * from the key file when they run.
 */
public final class WelcomeText {
    private WelcomeText() {}

    /**
     * The welcome text for {@code key}, or empty unless this start created it ({@link AdminKey#createdNow()}).
     *
     * @param endpoint the URL clients reach the gateway at, e.g. {@code http://localhost:8080}
     * @param region the region the gateway is configured for (clients sign for it)
     * @param accountId the account the gateway presents itself as
     */
    public static Optional<String> forFirstStart(AdminKey key, URI endpoint, String region, String accountId) {
        requireNonNull(key, "key is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        if (!key.createdNow()) {
            return Optional.empty();
        }
        Path file = key.file().orElseThrow();
        String base = endpoint.toString().replaceAll("/+$", "");
        String id = key.accessKey().accessKeyId();
        String profile = AdminKeyBootstrap.PROFILE;
        String arn = new Principal(IdentitySnapshot.ADMIN_NAME, accountId).arn();
        return Optional.of("""
                ============================================================================================
                Amphora created an admin access key on its first start. This text is shown only this once.

                  principal:      %s (%s)
                  access key id:  %s
                  secret:         in %s (readable by this user only; it is not printed here)

                1. AWS CLI: a profile "%s" with this key, then a first workspace.

                   aws configure set --profile %s aws_access_key_id %s
                   aws configure set --profile %s aws_secret_access_key "$(sed -n 's/^aws_secret_access_key = //p' %s)"
                   aws configure set --profile %s region %s
                   aws amp create-workspace --alias first --profile %s --endpoint-url %s

                   The last command prints the new workspace's id (ws-...); use it for WORKSPACE_ID below.

                2. Prometheus (prometheus.yml), running as a user whose ~/.aws/credentials holds the profile:

                   remote_write:
                     - url: %s/workspaces/WORKSPACE_ID/api/v1/remote_write
                       sigv4:
                         region: %s
                         profile: %s

                3. Grafana: a Prometheus data source with SigV4 authentication from the same profile (a
                   provisioning file; Grafana needs GF_AUTH_SIGV4_AUTH_ENABLED=true, i.e. sigv4_auth_enabled = true
                   in its [auth] section).

                   apiVersion: 1
                   datasources:
                     - name: Amphora
                       type: prometheus
                       access: proxy
                       url: %s/workspaces/WORKSPACE_ID
                       jsonData:
                         httpMethod: POST
                         sigV4Auth: true
                         sigV4AuthType: credentials
                         sigV4Profile: %s
                         sigV4Region: %s

                To use your own keys and policies instead, configure a credentials file (docs/security.md).
                ============================================================================================
                """.formatted(arn, ManagedPolicies.FULL_ACCESS, id, file, profile,
                profile, id,
                profile, shellQuote(file.toString()),
                profile, region,
                profile, base,
                base, region, profile,
                base, profile, region));
    }

    /** {@code text} as one single-quoted shell word. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
