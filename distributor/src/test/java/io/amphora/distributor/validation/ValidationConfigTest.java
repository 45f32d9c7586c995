package io.amphora.distributor.validation;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationConfigTest {
    @Test
    void defaultsAreTheManagedServiceQuotasAndCortexDefaults() {
        ValidationConfig config = ValidationConfig.defaults();

        assertThat(config.maxLabelNamesPerSeries()).isEqualTo(70);
        assertThat(config.maxLabelNameLength()).isEqualTo(1024);
        assertThat(config.maxLabelValueLength()).isEqualTo(2048);
        assertThat(config.creationGracePeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.rejectOldSamples()).isFalse();
        assertThat(config.rejectOldSamplesMaxAge()).isEqualTo(Duration.ofDays(14));
        assertThat(config.nameValidation()).isEqualTo(NameValidation.UTF8);
        assertThat(config.requireSortedLabels()).isFalse();
        assertThat(config.maxMetadataLength()).isEqualTo(1024);
    }

    @Test
    void withersChangeOneSettingEach() {
        ValidationConfig defaults = ValidationConfig.defaults();

        assertThat(defaults.withMaxLabelNamesPerSeries(5).maxLabelNamesPerSeries()).isEqualTo(5);
        assertThat(defaults.withMaxLabelNameLength(6).maxLabelNameLength()).isEqualTo(6);
        assertThat(defaults.withMaxLabelValueLength(7).maxLabelValueLength()).isEqualTo(7);
        assertThat(defaults.withCreationGracePeriod(Duration.ZERO).creationGracePeriod()).isZero();
        ValidationConfig old = defaults.withRejectOldSamples(Duration.ofHours(1));
        assertThat(old.rejectOldSamples()).isTrue();
        assertThat(old.rejectOldSamplesMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.withNameValidation(NameValidation.LEGACY).nameValidation()).isEqualTo(NameValidation.LEGACY);
        assertThat(defaults.withRequireSortedLabels(true).requireSortedLabels()).isTrue();
        assertThat(defaults.withMaxMetadataLength(8).maxMetadataLength()).isEqualTo(8);
        assertThat(defaults.withMaxMetadataLength(8).withMaxMetadataLength(1024)).isEqualTo(defaults);
    }

    @Test
    void refusesLimitsThatCannotWork() {
        ValidationConfig defaults = ValidationConfig.defaults();

        assertThatThrownBy(() -> defaults.withMaxLabelNamesPerSeries(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLabelNamesPerSeries");
        assertThatThrownBy(() -> defaults.withMaxLabelNameLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxLabelValueLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withCreationGracePeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withRejectOldSamples(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxMetadataLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withNameValidation(null)).isInstanceOf(NullPointerException.class);
    }
}
