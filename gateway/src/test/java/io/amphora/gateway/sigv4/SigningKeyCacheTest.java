package io.amphora.gateway.sigv4;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyCacheTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void returnsTheDerivedKeyAndReusesIt() {
        SigningKeyCache cache = new SigningKeyCache();

        byte[] first = cache.signingKey(SECRET, "20150830", "us-east-1", "iam");
        byte[] second = cache.signingKey(SECRET, "20150830", "us-east-1", "iam");

        assertThat(first).isEqualTo(SigV4.signingKey(SECRET, "20150830", "us-east-1", "iam"));
        assertThat(second).isSameAs(first);
        assertThat(cache.size()).isOne();
    }

    @Test
    void keepsKeysApartBySecretDateRegionAndService() {
        SigningKeyCache cache = new SigningKeyCache();

        byte[] base = cache.signingKey(SECRET, "20150830", "us-east-1", "aps");

        assertThat(cache.signingKey(SECRET + "x", "20150830", "us-east-1", "aps")).isNotEqualTo(base);
        assertThat(cache.signingKey(SECRET, "20150831", "us-east-1", "aps")).isNotEqualTo(base);
        assertThat(cache.signingKey(SECRET, "20150830", "eu-west-1", "aps")).isNotEqualTo(base);
        assertThat(cache.signingKey(SECRET, "20150830", "us-east-1", "iam")).isNotEqualTo(base);
        assertThat(cache.size()).isEqualTo(5);
    }

    @Test
    void evictsTheLeastRecentlyUsedKeyBeyondItsCapacity() {
        SigningKeyCache cache = new SigningKeyCache(2);
        byte[] kept = cache.signingKey(SECRET, "20250101", "us-east-1", "aps");
        byte[] evicted = cache.signingKey(SECRET, "20250102", "us-east-1", "aps");
        cache.signingKey(SECRET, "20250101", "us-east-1", "aps");

        cache.signingKey(SECRET, "20250103", "us-east-1", "aps");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.signingKey(SECRET, "20250101", "us-east-1", "aps")).isSameAs(kept);
        assertThat(cache.signingKey(SECRET, "20250102", "us-east-1", "aps")).isNotSameAs(evicted).isEqualTo(evicted);
    }

    @Test
    void neverShowsASecret() {
        SigningKeyCache cache = new SigningKeyCache();
        cache.signingKey(SECRET, "20150830", "us-east-1", "aps");

        assertThat(cache.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> new SigningKeyCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
