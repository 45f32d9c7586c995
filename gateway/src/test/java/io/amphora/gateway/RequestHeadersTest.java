package io.amphora.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestHeadersTest {
    @Test
    void comparesNamesIgnoringCaseAndKeepsValuesInOrder() {
        RequestHeaders headers = RequestHeaders.builder().add("X-Amz-Date", "1").add("x-amz-date", "2")
                .add("Host", "h").build();

        assertThat(headers.values("X-AMZ-DATE")).containsExactly("1", "2");
        assertThat(headers.first("host")).contains("h");
        assertThat(headers.first("missing")).isEmpty();
        assertThat(headers.contains("HOST")).isTrue();
        assertThat(headers.names()).containsExactly("x-amz-date", "host");
        assertThat(RequestHeaders.of(Map.of("Host", List.of("h"), "X-Amz-Date", List.of("1", "2")))
                .values("x-amz-date")).containsExactly("1", "2");
    }

    @Test
    void showsNamesButNeverValues() {
        RequestHeaders headers = RequestHeaders.builder().add("Authorization", "Basic c2VjcmV0").build();

        assertThat(headers.toString()).isEqualTo("RequestHeaders[authorization]");
        assertThatThrownBy(() -> RequestHeaders.builder().add("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesThePayloadOnceAndOnlyWhenAsked() {
        int[] calls = {0};
        RequestPayload lazy = RequestPayload.ofSha256Hex(() -> {
            calls[0]++;
            return "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824";
        });
        assertThat(calls[0]).isZero();

        assertThat(lazy.sha256Hex()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(lazy.sha256Hex()).isEqualTo(RequestPayload.ofBytes("hello".getBytes(StandardCharsets.UTF_8)).sha256Hex());
        assertThat(calls[0]).isOne();
        assertThat(RequestPayload.empty().sha256Hex()).isEqualTo(RequestPayload.EMPTY_SHA256_HEX)
                .isEqualTo(RequestPayload.sha256Hex(new byte[0]));
        assertThatThrownBy(() -> RequestPayload.ofSha256Hex(() -> "xyz").sha256Hex())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requiresAnAbsolutePath() {
        assertThatThrownBy(() -> new ReceivedRequest("GET", "workspaces", "", RequestHeaders.empty(),
                RequestPayload.empty())).hasMessage("rawPath must start with '/': workspaces");
    }
}
