package io.amphora.controlplane.json;

import io.amphora.controlplane.json.JsonValue.JsonArray;
import io.amphora.controlplane.json.JsonValue.JsonBoolean;
import io.amphora.controlplane.json.JsonValue.JsonNull;
import io.amphora.controlplane.json.JsonValue.JsonNumber;
import io.amphora.controlplane.json.JsonValue.JsonObject;
import io.amphora.controlplane.json.JsonValue.JsonString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParserTest {
    @Test
    void parsesEveryKindOfValue() throws Exception {
        JsonValue value = JsonParser.parse(" {\"s\": \"a\\\"b\\u00e9\\n\", \"n\": -1.5e2, \"t\": true, \"f\": false,"
                + " \"z\": null, \"a\": [1, {}], \"o\": {\"k\": []}} ");

        assertThat(value).isEqualTo(new JsonObject(Map.of(
                "s", new JsonString("a\"bé\n"),
                "n", new JsonNumber(new BigDecimal("-1.5e2")),
                "t", new JsonBoolean(true),
                "f", new JsonBoolean(false),
                "z", new JsonNull(),
                "a", new JsonArray(List.of(new JsonNumber(BigDecimal.ONE), new JsonObject(Map.of()))),
                "o", new JsonObject(Map.of("k", new JsonArray(List.of()))))));
    }

    @Test
    void keepsMembersInDocumentOrderAndDecodesSurrogatePairs() throws Exception {
        JsonObject object = (JsonObject) JsonParser.parse("{\"b\": 1, \"a\": \"\\ud83d\\ude00\"}");

        assertThat(object.members().keySet()).containsExactly("b", "a");
        assertThat(object.members().get("a")).isEqualTo(new JsonString("😀"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "01", "1.", "-", "tru", "\"a", "'a'",
            "{\"a\": 1} x", "\"\\x\"", "\"\\ud800\"", "{a: 1}", "\"tab\there\"", "NaN", "[1,]"})
    void refusesDocumentsThatAreNotStrictJson(String text) {
        assertThatThrownBy(() -> JsonParser.parse(text)).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("at offset");
    }

    @Test
    void refusesDuplicateMembers() {
        assertThatThrownBy(() -> JsonParser.parse("{\"a\": 1, \"a\": 2}"))
                .hasMessageStartingWith("duplicate member \"a\"");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"a\": \"é\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> JsonParser.parse(latin1)).hasMessage("the document is not valid UTF-8");
    }

    @Test
    void refusesNestingBeyondTheLimit() throws Exception {
        String deep = "[".repeat(JsonParser.MAX_DEPTH + 1) + "]".repeat(JsonParser.MAX_DEPTH + 1);
        String allowed = "[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH);

        assertThatThrownBy(() -> JsonParser.parse(deep)).hasMessageStartingWith("nesting deeper than 64 levels");
        assertThat(JsonParser.parse(allowed).typeName()).isEqualTo("array");
    }
}
