package io.amphora.promql.ast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoStringsTest {
    @Test
    void quotesLikeStrconvQuote() {
        assertThat(GoStrings.quote("plain")).isEqualTo("\"plain\"");
        assertThat(GoStrings.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(GoStrings.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
        assertThat(GoStrings.quote("\u0000\u001f\u007f")).isEqualTo("\"\\x00\\x1f\\x7f\"");
        assertThat(GoStrings.quote("ünï ☺ 𐄑")).isEqualTo("\"ünï ☺ 𐄑\"");
        assertThat(GoStrings.quote("\u00a0\u200b\ufeff")).isEqualTo("\"\\u00a0\\u200b\\ufeff\"");
        assertThat(GoStrings.quote("\uDB40\uDC01")).isEqualTo("\"\\U000e0001\"");
        assertThat(GoStrings.quote("'")).isEqualTo("\"'\"");
    }

    @Test
    void printsEscapedBytesAsHexEscapes() {
        assertThat(GoStrings.quote("a\uDCC5z\uDCFF")).isEqualTo("\"a\\xc5z\\xff\"");
    }

    @Test
    void quotesRunesAndDescribesThemLikeGoVerbs() {
        assertThat(GoStrings.quoteRune('x')).isEqualTo("'x'");
        assertThat(GoStrings.quoteRune('\'')).isEqualTo("'\\''");
        assertThat(GoStrings.quoteRune('"')).isEqualTo("'\"'");
        assertThat(GoStrings.quoteRune('\n')).isEqualTo("'\\n'");
        assertThat(GoStrings.quoteRune(-1)).isEqualTo("'\uFFFD'");
        assertThat(GoStrings.describeRune('c')).isEqualTo("U+0063 'c'");
        assertThat(GoStrings.describeRune('\n')).isEqualTo("U+000A");
        assertThat(GoStrings.describeRune(0x1F600)).isEqualTo("U+1F600 '\uD83D\uDE00'");
    }

    @Test
    void unquotesEveryEscape() {
        assertThat(GoStrings.unquote("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"")).isEqualTo("\u0007\b\f\n\r\t\u000b\\\"");
        assertThat(GoStrings.unquote("'\\''")).isEqualTo("'");
        assertThat(GoStrings.unquote("\"\\x41\\101\\u00e9\\U0001F600\"")).isEqualTo("AAé\uD83D\uDE00");
        assertThat(GoStrings.unquote("\"\\xc3\\xa9\"")).isEqualTo("é");
        assertThat(GoStrings.unquote("`a\\nb`")).isEqualTo("a\\nb");
        assertThat(GoStrings.unquote("\"é\"")).isEqualTo("é");
    }

    @Test
    void keepsBytesThatAreNotUtf8AsEscapedSurrogates() {
        String value = GoStrings.unquote("\"\\xff\\xe2\\x82\"");
        assertThat(value).isEqualTo("\uDCFF\uDCE2\uDC82");
        assertThat(GoStrings.isValidUtf8(value)).isFalse();
        assertThat(GoStrings.encodeUtf8(value)).containsExactly(0xff, 0xe2, 0x82);
        assertThat(GoStrings.utf8Length(value)).isEqualTo(3);
    }

    @Test
    void refusesMalformedLiterals() {
        assertThatThrownBy(() -> GoStrings.unquote("\"a")).hasMessage("invalid syntax");
        assertThatThrownBy(() -> GoStrings.unquote("\"a\\'\"")).hasMessage("invalid syntax");
        assertThatThrownBy(() -> GoStrings.unquote("\"\\x4\"")).hasMessage("invalid syntax");
        assertThatThrownBy(() -> GoStrings.unquote("\"\\400\"")).hasMessage("invalid syntax");
        assertThatThrownBy(() -> GoStrings.unquote("`a`b`")).hasMessage("invalid syntax");
    }

    @Test
    void decodesUtf8RejectingOverlongAndSurrogateEncodings() {
        assertThat(GoStrings.decodeUtf8(new byte[] {(byte) 0xc0, (byte) 0x80})).isEqualTo("\uDCC0\uDC80");
        assertThat(GoStrings.decodeUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}))
                .isEqualTo("\uDCED\uDCA0\uDC80");
        assertThat(GoStrings.decodeUtf8(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}))
                .isEqualTo("\uD83D\uDE00");
    }

    @Test
    void tellsLabelNamesApart() {
        assertThat(GoStrings.isValidLabelName("service.name")).isTrue();
        assertThat(GoStrings.isValidLabelName("")).isFalse();
        assertThat(GoStrings.isValidLabelName("a\uDCFF")).isFalse();
        assertThat(GoStrings.isLegacyLabelName("_a1")).isTrue();
        assertThat(GoStrings.isLegacyLabelName("1a")).isFalse();
        assertThat(GoStrings.isLegacyLabelName("a.b")).isFalse();
    }
}
