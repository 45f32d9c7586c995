package io.amphora.testing;

import io.amphora.model.Labels;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on a {@link SeriesSet}, which is drained when the assertion is created: its series with their
 * samples, the error it ended with (from {@link SeriesSet#err()} or thrown while reading) and its warnings.
 * Assertions on the series fail when the set ended with an error, unless the test asserts on {@link #hasError()}.
 */
public final class SeriesSetAssert extends AbstractAssert<SeriesSetAssert, SeriesSet> {
    private final List<SeriesAssert.Snapshot> series = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private RuntimeException error;

    SeriesSetAssert(SeriesSet actual) {
        super(actual, SeriesSetAssert.class);
        if (actual == null) {
            return;
        }
        try {
            SampleIterator reuse = null;
            while (actual.next()) {
                Series current = actual.at();
                reuse = current.iterator(reuse);
                series.add(SeriesAssert.Snapshot.read(current.labels(), reuse));
            }
            error = actual.err();
        } catch (RuntimeException e) {
            error = e;
        }
        warnings.addAll(actual.warnings());
    }

    /** Asserts the set ended without an error. */
    public SeriesSetAssert hasNoError() {
        isNotNull();
        if (error != null) {
            failWithMessage("%s", "Expecting the series set to end without error, but it failed with:\n  " + error);
        }
        return this;
    }

    /** Asserts the set ended with an error, and returns assertions on it. */
    public AbstractThrowableAssert<?, ? extends Throwable> hasError() {
        isNotNull();
        if (error == null) {
            failWithMessage("%s", "Expecting the series set to end with an error, but it ended normally with "
                    + describeSeries());
        }
        return Assertions.assertThat((Throwable) error);
    }

    /** Asserts the set held no series (and ended without error). */
    public SeriesSetAssert isEmpty() {
        hasNoError();
        if (!series.isEmpty()) {
            failWithMessage("%s", "Expecting no series but got " + describeSeries());
        }
        return this;
    }

    public SeriesSetAssert hasSeriesCount(int expected) {
        hasNoError();
        if (series.size() != expected) {
            failWithMessage("%s", "Expecting " + expected + " series but got " + describeSeries());
        }
        return this;
    }

    /** Asserts the set holds exactly these series, in this order (sets selected with sorting are sorted). */
    public SeriesSetAssert containsExactlySeries(String... expected) {
        hasNoError();
        List<Labels> wanted = Arrays.stream(expected).map(LabelsParser::parse).toList();
        List<Labels> got = series.stream().map(SeriesAssert.Snapshot::labels).toList();
        if (!wanted.equals(got)) {
            failWithMessage("%s", "Expecting exactly these series, in order:\n" + list(wanted) + "but got:\n"
                    + list(got));
        }
        return this;
    }

    /** Asserts the set holds the series (once) and returns assertions on its samples. */
    public SeriesAssert hasSeries(String labels) {
        return hasSeries(LabelsParser.parse(labels));
    }

    /** Asserts the set holds the series (once) and returns assertions on its samples. */
    public SeriesAssert hasSeries(Labels labels) {
        hasNoError();
        List<SeriesAssert.Snapshot> found = series.stream().filter(s -> s.labels().equals(labels)).toList();
        if (found.isEmpty()) {
            failWithMessage("%s", "Expecting the series set to contain\n  " + labels + "\nbut it held "
                    + describeSeries());
        }
        if (found.size() > 1) {
            failWithMessage("%s", "Expecting the series\n  " + labels + "\nonce but the set held it " + found.size()
                    + " times");
        }
        return new SeriesAssert(found.getFirst(), this).as("series %s", labels);
    }

    public SeriesSetAssert doesNotHaveSeries(String labels) {
        hasNoError();
        Labels unwanted = LabelsParser.parse(labels);
        if (series.stream().anyMatch(s -> s.labels().equals(unwanted))) {
            failWithMessage("%s", "Expecting the series set not to contain\n  " + unwanted + "\nbut it did");
        }
        return this;
    }

    /** Asserts the set reported exactly these warnings, in any order. */
    public SeriesSetAssert hasWarnings(String... expected) {
        isNotNull();
        if (!new HashSet<>(warnings).equals(new HashSet<>(List.of(expected))) || warnings.size() != expected.length) {
            failWithMessage("%s", "Expecting warnings " + List.of(expected) + " but got " + warnings);
        }
        return this;
    }

    public SeriesSetAssert hasNoWarnings() {
        isNotNull();
        if (!warnings.isEmpty()) {
            failWithMessage("%s", "Expecting no warnings but got " + warnings);
        }
        return this;
    }

    private String describeSeries() {
        if (series.isEmpty()) {
            return "no series";
        }
        return series.size() + " series:\n" + series.stream()
                .map(s -> "  " + s.labels() + " " + SeriesAssert.format(s.timestamps(), s.values()))
                .collect(Collectors.joining("\n"));
    }

    private static String list(List<Labels> labels) {
        if (labels.isEmpty()) {
            return "  (none)\n";
        }
        return labels.stream().map(l -> "  " + l + "\n").collect(Collectors.joining());
    }

    /** Throws when a value is not a float sample; histograms are not supported by these assertions yet. */
    static void checkFloat(ValueType type, Labels labels) {
        if (type != ValueType.FLOAT) {
            throw new AssertionError(
                    "series " + labels + " has a " + type + " sample; only float samples are supported");
        }
    }
}
