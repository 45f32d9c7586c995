package io.amphora.storage;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simple {@link SeriesSet}s: {@link ListSeriesSet}, {@link EmptySeriesSet} and {@link FailedSeriesSet}. */
class SeriesSetsTest {
    private static final Series A = new ArraySeries(Labels.of("a", "1"), new long[] {1}, new double[] {1});
    private static final Series B = new ArraySeries(Labels.of("a", "2"), new long[] {1}, new double[] {2});

    @Test
    void aListSetYieldsItsSeriesInOrderAndThenStops() {
        ListSeriesSet set = new ListSeriesSet(List.of(B, A), List.of("partial"));

        assertThatThrownBy(set::at).isInstanceOf(IllegalStateException.class);
        assertThat(set.next()).isTrue();
        assertThat(set.at()).isSameAs(B);
        assertThat(set.next()).isTrue();
        assertThat(set.at()).isSameAs(A);
        assertThat(set.next()).isFalse();
        assertThat(set.next()).isFalse();
        assertThatThrownBy(set::at).isInstanceOf(IllegalStateException.class);
        assertThat(set.err()).isNull();
        assertThat(set.warnings()).containsExactly("partial");
    }

    @Test
    void theEmptySetHasNothing() {
        assertThat(EmptySeriesSet.INSTANCE.next()).isFalse();
        assertThat(EmptySeriesSet.INSTANCE.err()).isNull();
        assertThat(EmptySeriesSet.INSTANCE.warnings()).isEmpty();
        assertThatThrownBy(EmptySeriesSet.INSTANCE::at).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedSetEndsAtOnceWithItsErrorAndWarnings() {
        RuntimeException failure = new RuntimeException("store unavailable");
        FailedSeriesSet set = new FailedSeriesSet(failure, List.of("retried"));

        assertThat(set.next()).isFalse();
        assertThat(set.err()).isSameAs(failure);
        assertThat(set.warnings()).containsExactly("retried");
        assertThatThrownBy(set::at).isInstanceOf(IllegalStateException.class).hasCause(failure);
        assertThatThrownBy(() -> new FailedSeriesSet(null)).isInstanceOf(NullPointerException.class);
    }
}
