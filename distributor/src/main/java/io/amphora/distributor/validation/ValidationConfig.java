package io.amphora.distributor.validation;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The limits {@link SeriesValidator} enforces; one instance per workspace when limits are overridden.
 *
 * @param maxLabelNamesPerSeries labels a series may carry, counted as sent (empty values included)
 * @param maxLabelNameLength longest label name, in UTF-8 bytes
 * @param maxLabelValueLength longest label value (including the metric name), in UTF-8 bytes
 * @param creationGracePeriod how far past the receiving clock a sample's timestamp may be (Cortex
 *     {@code creation_grace_period})
 * @param rejectOldSamples whether samples older than {@code rejectOldSamplesMaxAge} are refused here; off by
 *     default, because the ingester already refuses what falls outside its head and out-of-order window
 * @param rejectOldSamplesMaxAge the age limit when {@code rejectOldSamples} is on
 * @param nameValidation which metric and label names are valid
 * @param requireSortedLabels whether labels must arrive sorted by name (Cortex refuses unsorted labels; Prometheus
 *     sorts them itself). Off by default: the spec asks senders to sort, but refusing data over order alone gains
 *     nothing, since the labels are sorted before storage anyway
 * @param maxMetadataLength longest metric family name, help text or unit in metadata, in UTF-8 bytes
 */
public record ValidationConfig(
        int maxLabelNamesPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength,
        Duration creationGracePeriod,
        boolean rejectOldSamples,
        Duration rejectOldSamplesMaxAge,
        NameValidation nameValidation,
        boolean requireSortedLabels,
        int maxMetadataLength) {
    /** The managed-service quota (ARCHITECTURE.md); Cortex's default is 30. */
    public static final int DEFAULT_MAX_LABEL_NAMES_PER_SERIES = 70;
    public static final int DEFAULT_MAX_LABEL_NAME_LENGTH = 1024;
    public static final int DEFAULT_MAX_LABEL_VALUE_LENGTH = 2048;
    /** Cortex's default {@code creation_grace_period}. */
    public static final Duration DEFAULT_CREATION_GRACE_PERIOD = Duration.ofMinutes(10);
    public static final boolean DEFAULT_REJECT_OLD_SAMPLES = false;
    /** Cortex's default {@code reject_old_samples_max_age}. */
    public static final Duration DEFAULT_REJECT_OLD_SAMPLES_MAX_AGE = Duration.ofDays(14);
    public static final NameValidation DEFAULT_NAME_VALIDATION = NameValidation.UTF8;
    public static final boolean DEFAULT_REQUIRE_SORTED_LABELS = false;
    /** Cortex's default {@code max_metadata_length}. */
    public static final int DEFAULT_MAX_METADATA_LENGTH = 1024;

    public ValidationConfig {
        requirePositive(maxLabelNamesPerSeries, "maxLabelNamesPerSeries");
        requirePositive(maxLabelNameLength, "maxLabelNameLength");
        requirePositive(maxLabelValueLength, "maxLabelValueLength");
        requireNonNull(creationGracePeriod, "creationGracePeriod is null");
        if (creationGracePeriod.isNegative()) {
            throw new IllegalArgumentException("creationGracePeriod must not be negative: " + creationGracePeriod);
        }
        requireNonNull(rejectOldSamplesMaxAge, "rejectOldSamplesMaxAge is null");
        if (rejectOldSamplesMaxAge.isNegative() || rejectOldSamplesMaxAge.isZero()) {
            throw new IllegalArgumentException("rejectOldSamplesMaxAge must be positive: " + rejectOldSamplesMaxAge);
        }
        requireNonNull(nameValidation, "nameValidation is null");
        requirePositive(maxMetadataLength, "maxMetadataLength");
    }

    public static ValidationConfig defaults() {
        return new ValidationConfig(DEFAULT_MAX_LABEL_NAMES_PER_SERIES, DEFAULT_MAX_LABEL_NAME_LENGTH,
                DEFAULT_MAX_LABEL_VALUE_LENGTH, DEFAULT_CREATION_GRACE_PERIOD, DEFAULT_REJECT_OLD_SAMPLES,
                DEFAULT_REJECT_OLD_SAMPLES_MAX_AGE, DEFAULT_NAME_VALIDATION, DEFAULT_REQUIRE_SORTED_LABELS,
                DEFAULT_MAX_METADATA_LENGTH);
    }

    public ValidationConfig withMaxLabelNamesPerSeries(int value) {
        return new ValidationConfig(value, maxLabelNameLength, maxLabelValueLength, creationGracePeriod,
                rejectOldSamples, rejectOldSamplesMaxAge, nameValidation, requireSortedLabels, maxMetadataLength);
    }

    public ValidationConfig withMaxLabelNameLength(int value) {
        return new ValidationConfig(maxLabelNamesPerSeries, value, maxLabelValueLength, creationGracePeriod,
                rejectOldSamples, rejectOldSamplesMaxAge, nameValidation, requireSortedLabels, maxMetadataLength);
    }

    public ValidationConfig withMaxLabelValueLength(int value) {
        return new ValidationConfig(maxLabelNamesPerSeries, maxLabelNameLength, value, creationGracePeriod,
                rejectOldSamples, rejectOldSamplesMaxAge, nameValidation, requireSortedLabels, maxMetadataLength);
    }

    public ValidationConfig withCreationGracePeriod(Duration value) {
        return new ValidationConfig(maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, value,
                rejectOldSamples, rejectOldSamplesMaxAge, nameValidation, requireSortedLabels, maxMetadataLength);
    }

    /** Turns the age check on with the given limit. */
    public ValidationConfig withRejectOldSamples(Duration maxAge) {
        return new ValidationConfig(maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength,
                creationGracePeriod, true, maxAge, nameValidation, requireSortedLabels, maxMetadataLength);
    }

    public ValidationConfig withNameValidation(NameValidation value) {
        return new ValidationConfig(maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength,
                creationGracePeriod, rejectOldSamples, rejectOldSamplesMaxAge, value, requireSortedLabels,
                maxMetadataLength);
    }

    public ValidationConfig withRequireSortedLabels(boolean value) {
        return new ValidationConfig(maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength,
                creationGracePeriod, rejectOldSamples, rejectOldSamplesMaxAge, nameValidation, value,
                maxMetadataLength);
    }

    public ValidationConfig withMaxMetadataLength(int value) {
        return new ValidationConfig(maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength,
                creationGracePeriod, rejectOldSamples, rejectOldSamplesMaxAge, nameValidation, requireSortedLabels,
                value);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
