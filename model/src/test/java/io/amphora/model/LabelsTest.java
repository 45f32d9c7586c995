package io.amphora.model;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LabelsTest {
    @Test
    void sortsPairsByNameWhateverTheInputOrder() {
        Labels labels = Labels.of("job", "api", "__name__", "up", "instance", "host:9090");

        assertThat(labels.size()).isEqualTo(3);
        assertThat(List.of(labels.name(0), labels.name(1), labels.name(2)))
                .containsExactly("__name__", "instance", "job");
        assertThat(List.of(labels.value(0), labels.value(1), labels.value(2)))
                .containsExactly("up", "host:9090", "api");
    }

    @Test
    void looksUpValuesAndTreatsAbsentLabelsAsEmpty() {
        Labels labels = Labels.of("__name__", "up", "job", "api");

        assertThat(labels.get("job")).isEqualTo("api");
        assertThat(labels.get("zone")).isEmpty();
        assertThat(labels.has("job")).isTrue();
        assertThat(labels.has("zone")).isFalse();
        assertThat(labels.metricName()).isEqualTo("up");
        assertThat(Labels.of("job", "api").metricName()).isEmpty();
    }

    @Test
    void dropsEmptyValuesAsPrometheusDoes() {
        Labels labels = Labels.of("job", "api", "zone", "");

        assertThat(labels).isEqualTo(Labels.of("job", "api"));
        assertThat(labels.has("zone")).isFalse();
        assertThat(Labels.of("zone", "")).isSameAs(Labels.empty());
    }

    @Test
    void rejectsRepeatedNames() {
        assertThatThrownBy(() -> Labels.of("job", "a", "job", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate label name: job");
        assertThatThrownBy(() -> Labels.builder().add("job", "a").add("job", "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnOddNumberOfNamesAndValues() {
        assertThatThrownBy(() -> Labels.of("job", "api", "zone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd number");
    }

    @Test
    void rejectsNullNamesAndValues() {
        assertThatThrownBy(() -> Labels.builder().add(null, "a")).isInstanceOf(NullPointerException.class)
                .hasMessage("name is null");
        assertThatThrownBy(() -> Labels.builder().set("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value is null");
    }

    @Test
    void builderSetsReplacesAndRemoves() {
        Labels original = Labels.of("__name__", "up", "job", "api", "instance", "a:1");

        Labels changed = original.toBuilder()
                .set("job", "web")
                .set("zone", "eu")
                .remove("instance")
                .remove("absent")
                .build();

        assertThat(changed).isEqualTo(Labels.of("__name__", "up", "job", "web", "zone", "eu"));
        assertThat(original).isEqualTo(Labels.of("__name__", "up", "job", "api", "instance", "a:1"));
    }

    @Test
    void builderSetWithAnEmptyValueRemovesTheLabel() {
        Labels labels = Labels.of("job", "api", "zone", "eu").toBuilder().set("zone", "").build();

        assertThat(labels).isEqualTo(Labels.of("job", "api"));
    }

    @Test
    void builderAllowsAddingANameAgainAfterRemovingIt() {
        Labels labels = Labels.builder().add("job", "a").remove("job").add("job", "b").build();

        assertThat(labels).isEqualTo(Labels.of("job", "b"));
    }

    @Test
    void buildsFromAMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("job", "api");
        map.put("__name__", "up");
        map.put("zone", "");

        assertThat(Labels.fromMap(map)).isEqualTo(Labels.of("__name__", "up", "job", "api"));
    }

    @Test
    void iteratesPairsInNameOrder() {
        List<String> seen = new ArrayList<>();

        Labels.of("b", "2", "a", "1").forEach((name, value) -> seen.add(name + "=" + value));

        assertThat(seen).containsExactly("a=1", "b=2");
    }

    @Test
    void equalLabelsHaveEqualHashes() {
        Labels a = Labels.of("__name__", "up", "job", "api");
        Labels b = Labels.builder().add("job", "api").add("__name__", "up").build();

        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.stableHash()).isEqualTo(b.stableHash());
        assertThat(a).isNotEqualTo(Labels.of("__name__", "up", "job", "web"));
        assertThat(a).isNotEqualTo(Labels.of("__name__", "up"));
        assertThat(Labels.empty()).isEqualTo(Labels.of()).isEqualTo(Labels.builder().build());
    }

    @Test
    void stableHashNeverChanges() {
        // Pinned: series are sharded onto the ring by this hash, so a change would move every series.
        assertThat(Labels.empty().stableHash()).isEqualTo(STABLE_HASH_EMPTY);
        assertThat(Labels.of("__name__", "up", "job", "api").stableHash()).isEqualTo(STABLE_HASH_UP_API);
        assertThat(Labels.of("__name__", "http_requests_total", "code", "200", "path", "/é😀").stableHash())
                .isEqualTo(STABLE_HASH_UNICODE);
    }

    private static final long STABLE_HASH_EMPTY = -1166397803181037274L;
    private static final long STABLE_HASH_UP_API = 3235334027025916205L;
    private static final long STABLE_HASH_UNICODE = 4489814416552636650L;

    @Test
    void stableHashSeparatesNamesFromValues() {
        assertThat(Labels.of("ab", "c").stableHash()).isNotEqualTo(Labels.of("a", "bc").stableHash());
        assertThat(Labels.of("a", "b", "c", "d").stableHash())
                .isNotEqualTo(Labels.of("a", "bc", "d", "x").stableHash());
    }

    static Stream<Arguments> comparisons() {
        Labels base = Labels.of("aaa", "111", "bbb", "222");
        return Stream.of(
                compare("a smaller first value", base, Labels.of("aaa", "110", "bbb", "222"), 1),
                compare("a larger second value", base, Labels.of("aaa", "111", "bbb", "233"), -1),
                compare("a smaller second name", base, Labels.of("aaa", "111", "bar", "222"), 1),
                compare("a larger second name", base, Labels.of("aaa", "111", "bbc", "222"), -1),
                compare("a shorter second name", base, Labels.of("aaa", "111", "bb", "222"), 1),
                compare("fewer labels", base, Labels.of("aaa", "111"), 1),
                compare("more labels", base, Labels.of("aaa", "111", "bbb", "222", "ccc", "333"), -1),
                compare("the same labels", base, Labels.of("bbb", "222", "aaa", "111"), 0),
                compare("the empty set", base, Labels.empty(), 1),
                compare("code point order, not UTF-16 order", Labels.of("a", "\uFFFF"), Labels.of("a", "😀"), -1));
    }

    private static Arguments compare(String description, Labels a, Labels b, int expected) {
        return arguments(Named.of(description, a), b, expected);
    }

    @ParameterizedTest
    @MethodSource("comparisons")
    void comparesLikePrometheus(Labels a, Labels b, int expected) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-expected);
    }

    @Test
    void stringOrderIsTheByteOrderOfUtf8() {
        String[] alphabet = {"a", "b", "z", "é", "\uE000", "\uFFFF", "😀", "\uD800\uDC00", "\uDBFF\uDFFF", "", "A"};
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            int expected = Integer.signum(Arrays.compareUnsigned(
                    a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

            assertThat(Integer.signum(Labels.compareStrings(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
        }
    }

    private static String randomString(Random random, String[] alphabet) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(4);
        for (int j = 0; j < length; j++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    @Test
    void sortsNamesInCodePointOrderSoLookupsFindThem() {
        Labels labels = Labels.of("\uFFFF", "1", "😀", "2", "a", "3");

        assertThat(labels.name(0)).isEqualTo("a");
        assertThat(labels.name(1)).isEqualTo("\uFFFF");
        assertThat(labels.name(2)).isEqualTo("😀");
        assertThat(labels.get("😀")).isEqualTo("2");
        assertThat(labels.get("\uFFFF")).isEqualTo("1");
    }

    @Test
    void printsPrometheusNotation() {
        assertThat(Labels.of("__name__", "up", "job", "api")).hasToString("{__name__=\"up\", job=\"api\"}");
        assertThat(Labels.empty()).hasToString("{}");
    }

    @Test
    void escapesValuesLikeGoQuote() {
        Labels labels = Labels.of("path", "a\"b\\c\nd\te\rf\u0001g\u007fh é😀");

        assertThat(labels).hasToString("{path=\"a\\\"b\\\\c\\nd\\te\\rf\\x01g\\x7fh é😀\"}");
    }

    @Test
    void quotesNamesThatAreNotLegacyPrometheusNames() {
        Labels labels = Labels.of("service.name", "api", "_ok", "1", "9lives", "x", "ok9", "2");

        assertThat(labels).hasToString("{\"9lives\"=\"x\", _ok=\"1\", ok9=\"2\", \"service.name\"=\"api\"}");
    }

    @Test
    void acceptsPresortedPairs() {
        Labels labels = Labels.ofSortedPairs(new String[] {"__name__", "up", "job", "api"});

        assertThat(labels).isEqualTo(Labels.of("job", "api", "__name__", "up"));
        assertThat(Labels.ofSortedPairs(new String[0])).isSameAs(Labels.empty());
    }

    @Test
    void rejectsPresortedPairsThatAreNotSortedUniqueAndNonEmpty() {
        assertThatThrownBy(() -> Labels.ofSortedPairs(new String[] {"job", "a", "__name__", "up"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not sorted");
        assertThatThrownBy(() -> Labels.ofSortedPairs(new String[] {"job", "a", "job", "b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not sorted or not unique");
        assertThatThrownBy(() -> Labels.ofSortedPairs(new String[] {"job", ""}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty value");
        assertThatThrownBy(() -> Labels.ofSortedPairs(new String[] {"job"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd number");
        assertThatThrownBy(() -> Labels.ofSortedPairs(new String[] {"😀", "a", "\uFFFF", "b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not sorted");
    }
}
