package io.amphora.prometheusapi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoRfc3339Test {
    @ParameterizedTest(name = "{0} is {1}s + {2}ns")
    @CsvSource(delimiter = '|', value = {
            "2015-07-01T20:10:51.781Z | 1435781451 | 781000000",
            "2015-07-01T20:10:51Z | 1435781451 | 0",
            "2015-07-01T20:10:51.123456789123Z | 1435781451 | 123456789",
            "2015-07-01T20:10:51,5Z | 1435781451 | 500000000",
            "2015-07-01T2:10:51Z | 1435716651 | 0",
            "2015-07-01T22:10:51+02:00 | 1435781451 | 0",
            "2015-07-01T18:10:51.781-02:00 | 1435781451 | 781000000",
            "2015-07-01T20:10:51+24:00 | 1435695051 | 0",
            "2015-07-01T20:10:51-00:60 | 1435785051 | 0",
            "1970-01-01T00:00:00Z | 0 | 0",
            "0000-01-01T00:00:00Z | -62167219200 | 0",
            "9999-12-31T23:59:59.999999999Z | 253402300799 | 999999999",
            "2016-02-29T00:00:00Z | 1456704000 | 0",
            "1969-12-31T23:59:59.5Z | -1 | 500000000",
    })
    void parsesWhatGoTimeParseAccepts(String text, long seconds, int nanos) {
        assertThat(GoRfc3339.parse(text)).contains(new ApiTime(seconds, nanos));
    }

    @ParameterizedTest(name = "\"{0}\" is not a time")
    @ValueSource(strings = {"", "2015-07-01", "2015-07-01T20:10:51", "2015-07-01 20:10:51Z", "2015-07-01t20:10:51Z",
            "2015-07-01T20:10:51z", "15-07-01T20:10:51Z", "+2015-07-01T20:10:51Z", "20155-07-01T20:10:51Z",
            "2015-7-01T20:10:51Z", "2015-07-1T20:10:51Z", "2015-13-01T20:10:51Z", "2015-00-01T20:10:51Z",
            "2015-02-29T20:10:51Z", "2015-07-00T20:10:51Z", "2015-07-01T24:00:00Z", "2015-07-01T20:60:51Z",
            "2015-07-01T20:10:60Z", "2015-07-01T20:1:51Z", "2015-07-01T20:10:5Z", "2015-07-01T20:10:51.Z",
            "2015-07-01T20:10:51+25:00", "2015-07-01T20:10:51+00:61", "2015-07-01T20:10:51+0200",
            "2015-07-01T20:10:51*02:00", "2015-07-01T20:10:51Z ", "2015-07-01T20:10:51ZZ",
            "2015-07-01T20:10:51+02:00x", "-292273086-05-16T16:47:06Z"})
    void rejectsWhatGoTimeParseRejects(String text) {
        assertThat(GoRfc3339.parse(text)).isEmpty();
    }
}
