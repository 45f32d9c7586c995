package io.amphora.gateway.sigv4;

import io.amphora.gateway.RequestHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4Test {
    /** The worked example of AWS's "Create a signed AWS API request" guide (IAM ListUsers, 2015-08-30). */
    @Test
    void reproducesTheWorkedExampleOfTheAwsSigningGuide() {
        RequestHeaders headers = RequestHeaders.builder()
                .add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .add("Host", "iam.amazonaws.com")
                .add("X-Amz-Date", "20150830T123600Z")
                .build();
        List<String> signed = List.of("content-type", "host", "x-amz-date");
        CanonicalRequest canonical = new CanonicalRequest("GET", CanonicalRequest.canonicalUri("/"),
                CanonicalRequest.canonicalQuery("Version=2010-05-08&Action=ListUsers", Set.of()),
                CanonicalRequest.canonicalHeaders(signed, headers), String.join(";", signed),
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        assertThat(canonical.text()).isEqualTo("""
                GET
                /
                Action=ListUsers&Version=2010-05-08
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:iam.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(canonical.sha256Hex()).isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");

        byte[] key = SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
        String stringToSign = SigV4.stringToSign("20150830T123600Z",
                SigV4.credentialScope("20150830", "us-east-1", "iam"), canonical.sha256Hex());
        assertThat(SigV4.signature(key, stringToSign))
                .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void readsAndWritesTheBasicDateTimeFormat() {
        assertThat(SigV4.formatDateTime(Instant.parse("2025-03-14T10:00:09Z"))).isEqualTo("20250314T100009Z");
        assertThat(SigV4.parseDateTime("20250314T100009Z")).contains(Instant.parse("2025-03-14T10:00:09Z"));
        assertThat(SigV4.parseDateTime("2025-03-14T10:00:09Z")).isEmpty();
        assertThat(SigV4.parseDateTime("20250230T100009Z")).as("30 February").isEmpty();
        assertThat(SigV4.parseDateTime("20250314T250009Z")).isEmpty();
        assertThat(SigV4.parseDateTime("20250314t100009z")).isEmpty();
    }
}
