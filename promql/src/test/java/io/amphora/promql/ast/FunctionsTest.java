package io.amphora.promql.ast;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionsTest {
    @Test
    void holdsPrometheusFunctionTable() {
        assertThat(Functions.all()).hasSize(90);
        assertThat(Functions.get("rate")).isEqualTo(
                new Function("rate", List.of(ValueType.MATRIX), 0, ValueType.VECTOR, false));
        assertThat(Functions.get("histogram_quantile").argTypes()).containsExactly(ValueType.SCALAR, ValueType.VECTOR);
        assertThat(Functions.get("scalar").returnType()).isEqualTo(ValueType.SCALAR);
        assertThat(Functions.lookup("atan2")).isEmpty();
        assertThat(Functions.lookup("Rate")).isEmpty();
    }

    @Test
    void marksTheExperimentalFunctions() {
        assertThat(Functions.all().values().stream().filter(Function::experimental).map(Function::name).sorted())
                .containsExactly("double_exponential_smoothing", "end", "histogram_quantiles", "info",
                        "mad_over_time", "max_of", "min_of", "range", "sort_by_label", "sort_by_label_desc", "start",
                        "start_timestamp", "step", "ts_of_first_over_time", "ts_of_last_over_time",
                        "ts_of_max_over_time", "ts_of_min_over_time");
    }

    @Test
    void derivesArgumentCountsFromTheVariadicCount() {
        assertThat(Functions.get("time").minArgs()).isZero();
        assertThat(Functions.get("time").maxArgs()).isZero();
        assertThat(Functions.get("round").minArgs()).isEqualTo(1);
        assertThat(Functions.get("round").maxArgs()).isEqualTo(2);
        assertThat(Functions.get("histogram_quantiles").maxArgs()).isEqualTo(12);
        assertThat(Functions.get("label_join").minArgs()).isEqualTo(3);
        assertThat(Functions.get("label_join").maxArgs()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Functions.get("label_join").argType(7)).isEqualTo(ValueType.STRING);
    }

    @Test
    void refusesInconsistentSignatures() {
        assertThatThrownBy(() -> new Function("f", List.of(), 1, ValueType.SCALAR, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Functions.get("nope")).hasMessage("unknown function nope");
    }
}
