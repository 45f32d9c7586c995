package io.amphora.distributor.remotewrite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelTextTest {
    @Test
    void quotesLikeGoStrconvQuote() {
        assertThat(LabelText.quote("plain")).isEqualTo("\"plain\"");
        assertThat(LabelText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(LabelText.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
        assertThat(LabelText.quote("\u0001\u007f")).isEqualTo("\"\\x01\\x7f\"");
        assertThat(LabelText.quote("héllo wörld 日本 \uD83D\uDE00")).isEqualTo("\"héllo wörld 日本 \uD83D\uDE00\"");
        assertThat(LabelText.quote("no\u00a0break\u200bzero")).isEqualTo("\"no\\u00a0break\\u200bzero\"");
        assertThat(LabelText.quote("\uDB40\uDC01")).isEqualTo("\"\\U000e0001\"");
        assertThat(LabelText.quote("lone\uD800")).isEqualTo("\"lone\\ufffd\"");
    }

    @Test
    void truncatesToAPrecisionCountedInCodePointsBeforeQuoting() {
        assertThat(LabelText.quote("abcdef", 3)).isEqualTo("\"abc\"");
        assertThat(LabelText.quote("\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02", 2)).isEqualTo("\"\uD83D\uDE00\uD83D\uDE01\"");
        assertThat(LabelText.quote("a\nb", 2)).isEqualTo("\"a\\n\"");
        assertThat(LabelText.quote("x".repeat(300), LabelText.CORTEX_PRECISION)).hasSize(202);
    }

    @Test
    void rendersSeriesLikeCortexKeepingWireOrderAndDuplicates() {
        assertThat(LabelText.cortexSeries(new String[] {"job", "api", "__name__", "up", "job", "web"}))
                .isEqualTo("up{job=\"api\", job=\"web\"}");
        assertThat(LabelText.cortexSeries(new String[] {"__name__", "up"})).isEqualTo("up");
        assertThat(LabelText.cortexSeries(new String[] {"__name__", "", "a", "b"}))
                .isEqualTo("{__name__=\"\", a=\"b\"}");
        assertThat(LabelText.cortexSeries(new String[0])).isEqualTo("{}");
    }

    @Test
    void rendersMetricsLikePrometheusWithSortedLabels() {
        assertThat(LabelText.sortedMetric(new String[] {"z", "1", "__name__", "up", "a", "2"}))
                .isEqualTo("up{a=\"2\", z=\"1\"}");
        assertThat(LabelText.sortedMetric(new String[] {"a", "x\ny"})).isEqualTo("{a=\"x\\ny\"}");
        assertThat(LabelText.sortedMetric(new String[0])).isEqualTo("{}");
    }

    @Test
    void rendersLabelSetsInBracesQuotingNamesThatAreNotLegacy() {
        assertThat(LabelText.braces(new String[] {"__name__", "up", "service.name", "api"}))
                .isEqualTo("{__name__=\"up\", \"service.name\"=\"api\"}");
        assertThat(LabelText.braces(new String[0])).isEqualTo("{}");
    }
}
