package io.amphora.controlplane.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {
    @Test
    void writesCompactJsonWithCommasPlacedByTheWriter() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("b", "2");
        tags.put("a", "1");
        String json = new JsonWriter().beginObject()
                .name("s").value("x")
                .name("n").value(42)
                .name("t").value(true)
                .name("d").value(new BigDecimal("1735689600.123"))
                .name("list").beginArray().value("a").beginObject().endObject().beginArray().endArray().endArray()
                .name("tags").stringMap(tags)
                .endObject().toString();

        assertThat(json).isEqualTo("{\"s\":\"x\",\"n\":42,\"t\":true,\"d\":1735689600.123,"
                + "\"list\":[\"a\",{},[]],\"tags\":{\"b\":\"2\",\"a\":\"1\"}}");
    }

    @Test
    void escapesWhatJsonRequiresAndWritesOtherCharactersAsThemselves() {
        String json = new JsonWriter().value("q\" b\\ n\n t\t c\u0001 é 😀").toString();

        assertThat(json).isEqualTo("\"q\\\" b\\\\ n\\n t\\t c\\u0001 é 😀\"");
    }

    @Test
    void writesWhatItsParserReadsBack() throws Exception {
        String text = "control \u0000\u001f \"quoted\" \\ \u2028";
        JsonValue parsed = JsonParser.parse(new JsonWriter().value(text).toBytes());

        assertThat(parsed).isEqualTo(new JsonValue.JsonString(text));
    }

    @Test
    void refusesDocumentsThatWouldBeMalformed() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("no name"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().value("a").value("b")).isInstanceOf(IllegalStateException.class);
    }
}
