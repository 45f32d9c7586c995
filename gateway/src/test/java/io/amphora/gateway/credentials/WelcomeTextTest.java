package io.amphora.gateway.credentials;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WelcomeTextTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final AccessKey KEY = new AccessKey("AKIAIOSFODNN7EXAMPLE", Secret.of(SECRET));
    private static final Path FILE = Path.of("/var/lib/amphora data/gateway/admin-credentials");

    @Test
    void tellsHowToUseTheNewKeyWithoutShowingItsSecret() {
        String text = WelcomeText.forFirstStart(new AdminKey(KEY, AdminKey.Origin.CREATED, Optional.of(FILE)),
                URI.create("http://localhost:8080/"), "eu-west-1", "000000000000").orElseThrow();

        assertThat(text).doesNotContain(SECRET);
        assertThat(text).contains(
                "principal:      arn:aws:iam::000000000000:user/admin (AmazonPrometheusFullAccess)",
                "access key id:  AKIAIOSFODNN7EXAMPLE",
                "aws configure set --profile amphora aws_access_key_id AKIAIOSFODNN7EXAMPLE",
                "aws configure set --profile amphora aws_secret_access_key \"$(sed -n 's/^aws_secret_access_key = //p'"
                        + " '/var/lib/amphora data/gateway/admin-credentials')\"",
                "aws configure set --profile amphora region eu-west-1",
                "aws amp create-workspace --alias first --profile amphora --endpoint-url http://localhost:8080\n",
                """
                           remote_write:
                             - url: http://localhost:8080/workspaces/WORKSPACE_ID/api/v1/remote_write
                               sigv4:
                                 region: eu-west-1
                                 profile: amphora
                        """,
                """
                               url: http://localhost:8080/workspaces/WORKSPACE_ID
                               jsonData:
                                 httpMethod: POST
                                 sigV4Auth: true
                                 sigV4AuthType: credentials
                                 sigV4Profile: amphora
                                 sigV4Region: eu-west-1
                        """);
    }

    @Test
    void isShownOnlyOnTheStartThatCreatedTheKey() {
        URI endpoint = URI.create("http://localhost:8080");

        assertThat(WelcomeText.forFirstStart(new AdminKey(KEY, AdminKey.Origin.STORED, Optional.of(FILE)), endpoint,
                "us-east-1", "000000000000")).isEmpty();
        assertThat(WelcomeText.forFirstStart(new AdminKey(KEY, AdminKey.Origin.ENVIRONMENT, Optional.empty()), endpoint,
                "us-east-1", "000000000000")).isEmpty();
    }

    @Test
    void quotesPathsForTheShell() {
        assertThat(WelcomeText.shellQuote("/data/it's here")).isEqualTo("'/data/it'\\''s here'");
    }
}
