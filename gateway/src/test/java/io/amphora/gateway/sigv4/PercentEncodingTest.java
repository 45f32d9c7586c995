package io.amphora.gateway.sigv4;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PercentEncodingTest {
    @Test
    void encodesEverythingButUnreservedCharacters() {
        assertThat(PercentEncoding.encode("aZ09-._~ /+*%é", false)).isEqualTo("aZ09-._~%20%2F%2B%2A%25%C3%A9");
        assertThat(PercentEncoding.encode("a/b", true)).isEqualTo("a/b");
    }

    @Test
    void decodesEscapesAndOptionallyPlus() {
        assertThat(PercentEncoding.decode("a%2Fb%2fc+d", true)).isEqualTo("a/b/c d".getBytes(StandardCharsets.UTF_8));
        assertThat(PercentEncoding.decode("a+b", false)).isEqualTo("a+b".getBytes(StandardCharsets.UTF_8));
        assertThat(PercentEncoding.decode("100%", true)).isEqualTo("100%".getBytes(StandardCharsets.UTF_8));
        assertThat(PercentEncoding.decode("%zz%4", true)).isEqualTo("%zz%4".getBytes(StandardCharsets.UTF_8));
        assertThat(PercentEncoding.decode("€😀", false)).isEqualTo("€😀".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsBytesThatAreNotUtf8() {
        byte[] invalid = {(byte) 0xff, (byte) 0xfe, 'a'};

        String encoded = PercentEncoding.encode(invalid, false);

        assertThat(encoded).isEqualTo("%FF%FEa");
        assertThat(PercentEncoding.decode(encoded, false)).isEqualTo(invalid);
    }
}
