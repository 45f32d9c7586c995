package io.amphora.promql.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KahanSumTest {
    @Test
    void recoversSmallAddendsLostNextToALargeOne() {
        KahanSum sum = new KahanSum();
        sum.add(1);
        sum.add(1e100);
        sum.add(1);
        sum.add(-1e100);

        assertThat(sum.sum()).isZero();
        assertThat(sum.compensation()).isEqualTo(2);
        assertThat(sum.value()).isEqualTo(2);
    }

    @Test
    void takesTheRoundingErrorFromTheLargerMagnitude() {
        // 0.1 + 0.2 rounds up to 0.30000000000000004; the compensation records the difference.
        KahanSum sum = new KahanSum();
        sum.add(0.1);
        sum.add(0.2);

        assertThat(sum.sum()).isEqualTo(0.30000000000000004);
        assertThat(sum.compensation()).isEqualTo((0.2 - 0.30000000000000004) + 0.1);
    }

    @Test
    void resetsTheCompensationWhenTheSumOverflows() {
        KahanSum sum = new KahanSum();
        sum.add(0.1);
        sum.add(0.2);
        sum.add(Double.MAX_VALUE);
        sum.add(Double.MAX_VALUE);

        assertThat(sum.sum()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(sum.compensation()).isZero();
        assertThat(sum.value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void subtractAddsTheNegation() {
        KahanSum sum = new KahanSum();
        sum.set(10, 0.5);
        sum.subtract(4);

        assertThat(sum.sum()).isEqualTo(6);
        assertThat(sum.compensation()).isEqualTo(0.5);
        sum.reset();
        assertThat(sum.value()).isZero();
    }

    @Test
    void staticCompensationMatchesTheAccumulator() {
        double c = KahanSum.compensation(1e-20, 1, 0, 1 + 1e-20);

        assertThat(c).isEqualTo(1e-20);
    }
}
