package io.amphora.gateway.credentials;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {
    private static final String VALUE = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void matchesOnlyItself() {
        Secret secret = Secret.of(VALUE);

        assertThat(secret.matches(VALUE)).isTrue();
        assertThat(secret.matches(VALUE + "x")).isFalse();
        assertThat(secret.matches("")).isFalse();
        assertThat(secret).isEqualTo(Secret.of(VALUE)).isNotEqualTo(Secret.of(VALUE.toLowerCase()));
    }

    @Test
    void neverShowsItselfNorAppearsInTheKeyOrItsErrors() {
        AccessKey key = new AccessKey("AKIAIOSFODNN7EXAMPLE", Secret.of(VALUE));

        assertThat(Secret.of(VALUE).toString()).isEqualTo("****");
        assertThat(key.toString()).isEqualTo("AccessKey[AKIAIOSFODNN7EXAMPLE]");
        assertThatThrownBy(() -> Secret.of("has a space in it, 1234")).message().doesNotContain("space in it")
                .isEqualTo("a secret access key must be printable ASCII without spaces (the character at index 3 is not)");
        assertThatThrownBy(() -> Secret.of("tiny")).hasMessage("a secret access key must be 16 to 128 characters long, got 4");
    }

    @Test
    void validatesAccessKeyIdsAndPrincipals() {
        assertThat(AccessKey.isValidId("AKIAIOSFODNN7EXAMPLE")).isTrue();
        assertThat(AccessKey.isValidId("AKIA-IOSFODNN7EXAMPLE")).isFalse();
        assertThat(AccessKey.isValidId("AKIA")).isFalse();
        assertThat(new Principal("alice.smith@example.com", "000000000000").arn())
                .isEqualTo("arn:aws:iam::000000000000:user/alice.smith@example.com");
        assertThatThrownBy(() -> new Principal("alice", "12345")).hasMessage("an account id must be 12 digits, got '12345'");
        assertThatThrownBy(() -> new Principal("a/b", "000000000000")).isInstanceOf(IllegalArgumentException.class);
    }
}
