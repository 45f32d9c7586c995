package io.amphora.prometheusapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiParametersTest {
    @ParameterizedTest(name = "time {0} is {1} ms")
    @CsvSource({
            "1435781451.781, 1435781451781",
            "1435781451, 1435781451000",
            "1435781451.7819, 1435781451782",
            "1435781451.0004, 1435781451000",
            "0.9996, 1000",
            "-1.5, -1500",
            "-0.0001, 0",
            "1e3, 1000000",
            "2015-07-01T20:10:51.781Z, 1435781451781",
            "2015-07-01T20:10:51.7819Z, 1435781451781",
            "-292273086-05-16T16:47:06Z, -9223309901257974000",
            "292277025-08-18T07:12:54.999999999Z, 9223309901257974999",
    })
    void parsesTimesAsUnixSecondsOrRfc3339(String text, long millis) {
        assertThat(ApiParameters.parseTime(text).toMillis()).isEqualTo(millis);
    }

    @Test
    void roundsFractionsToMilliseconds() {
        assertThat(ApiParameters.parseTime("1.2915")).isEqualTo(new ApiTime(1, 292_000_000));
        assertThat(ApiParameters.parseTime("-1.2915")).isEqualTo(new ApiTime(-2, 708_000_000));
        assertThat(ApiParameters.parseTime("1.0004999")).isEqualTo(new ApiTime(1, 0));
    }

    @Test
    void parsesNonFiniteTimesAsGoDoesOnAmd64() {
        assertThat(ApiParameters.parseTime("NaN")).isEqualTo(ApiTime.unix(Long.MIN_VALUE, Long.MIN_VALUE));
        assertThat(ApiParameters.parseTime("+Inf")).isEqualTo(ApiTime.unix(Long.MIN_VALUE, Long.MIN_VALUE));
    }

    @ParameterizedTest(name = "\"{0}\" is not a time")
    @ValueSource(strings = {"", "abc", "2015-07-01", "1e400", " 1", "now", "-292273086-05-16T16:47:06.000Z"})
    void rejectsOtherTimes(String text) {
        assertThatThrownBy(() -> ApiParameters.parseTime(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse \"" + text + "\" to a valid timestamp");
    }

    @ParameterizedTest(name = "duration {0} is {1} ns")
    @CsvSource({
            "15, 15000000000",
            "0.5, 500000000",
            "1e-9, 1",
            "1.5e-9, 1",
            "-1, -1000000000",
            "0, 0",
            "5m, 300000000000",
            "1h30m, 5400000000000",
            "1d, 86400000000000",
            "2w, 1209600000000000",
            "1y, 31536000000000000",
            "1y2w3d4h5m6s7ms, 33019506007000000",
            "100ms, 100000000",
            "292y, 9208512000000000000",
            "9223372036.854775807, -9223372036854775808",
            "9223372036.854775, 9223372036854774784",
            "NaN, -9223372036854775808",
    })
    void parsesDurationsAsSecondsOrPrometheusNotation(String text, long nanos) {
        assertThat(ApiParameters.parseDuration(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "\"{0}\" is not a duration")
    @ValueSource(strings = {"", "5x", "m", "5m1h", "1h1h", "5M", "1.5h", "-5m", "5m ", "293y", "106752d",
            "99999999999999999999s", "5mm", "Inf"})
    void rejectsOtherDurations(String text) {
        String message = text.equals("Inf")
                ? "cannot parse \"Inf\" to a valid duration. It overflows int64"
                : "cannot parse \"" + text + "\" to a valid duration";
        assertThatThrownBy(() -> ApiParameters.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsFloatDurationsBeyondInt64Nanoseconds() {
        assertThatThrownBy(() -> ApiParameters.parseDuration("1e10"))
                .hasMessage("cannot parse \"1e10\" to a valid duration. It overflows int64");
        assertThatThrownBy(() -> ApiParameters.parseDuration("-1e10"))
                .hasMessage("cannot parse \"-1e10\" to a valid duration. It overflows int64");
    }

    @Test
    void parsesLimits() {
        assertThat(ApiParameters.parseLimit("")).isZero();
        assertThat(ApiParameters.parseLimit("0")).isZero();
        assertThat(ApiParameters.parseLimit("+10")).isEqualTo(10);
        assertThatThrownBy(() -> ApiParameters.parseLimit("-1")).hasMessage("limit must be non-negative");
        assertThatThrownBy(() -> ApiParameters.parseLimit("ten"))
                .hasMessage("strconv.Atoi: parsing \"ten\": invalid syntax");
        assertThatThrownBy(() -> ApiParameters.parseLimit("1e3"))
                .hasMessage("strconv.Atoi: parsing \"1e3\": invalid syntax");
    }

    @ParameterizedTest(name = "label path segment {0} names {1}")
    @CsvSource({
            "job, job",
            "service.name, service.name",
            "U__service_2e_name, service.name",
            "U__a__b, a_b",
            "U__http_2e_method_2e_, http.method.",
            "U___1f600_, \uD83D\uDE00",
            "U___41__42_, AB",
            "U___2E_x, .x",
            "U__, ''",
            "U__bad_zz_, U__bad_zz_",
            "U__unclosed_2e, U__unclosed_2e",
            "U__trailing_, U__trailing_",
            "U___123456_, U___123456_",
            "U___d800_, U___d800_",
            "U___10ffff_, U___10ffff_",
            "U___fffff_, \uDBBF\uDFFF",
    })
    void decodesValueEncodingEscapes(String segment, String name) {
        if (name.isEmpty()) {
            assertThatThrownBy(() -> ApiParameters.parseLabelName(segment)).hasMessage("invalid label name: \"\"");
        } else {
            assertThat(ApiParameters.parseLabelName(segment)).isEqualTo(name);
        }
    }

    @Test
    void acceptsAnyNonEmptyUtf8LabelName() {
        assertThat(ApiParameters.parseLabelName("ünïcødé name")).isEqualTo("ünïcødé name");
        assertThatThrownBy(() -> ApiParameters.parseLabelName("")).hasMessage("invalid label name: \"\"");
        assertThatThrownBy(() -> ApiParameters.parseLabelName("a\uDCFF"))
                .hasMessage("invalid label name: \"a\\xff\"");
    }
}
