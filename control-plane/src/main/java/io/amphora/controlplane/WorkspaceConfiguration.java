package io.amphora.controlplane;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A workspace's configuration: how long its samples are kept and its series limits per label set.
 *
 * @param lastUpdate the token of the update that produced this configuration, so that its retry is recognised
 */
public record WorkspaceConfiguration(int retentionPeriodInDays, List<LabelSetLimit> limitsPerLabelSet,
        ConfigurationStatus status, Optional<IdempotencyKey> lastUpdate) {
    public WorkspaceConfiguration {
        if (retentionPeriodInDays < 1) {
            throw new IllegalArgumentException("retentionPeriodInDays must be positive, got " + retentionPeriodInDays);
        }
        limitsPerLabelSet = List.copyOf(requireNonNull(limitsPerLabelSet, "limitsPerLabelSet is null"));
        requireNonNull(status, "status is null");
        requireNonNull(lastUpdate, "lastUpdate is null");
    }

    public WorkspaceConfiguration withStatus(ConfigurationStatus newStatus) {
        return new WorkspaceConfiguration(retentionPeriodInDays, limitsPerLabelSet, newStatus, lastUpdate);
    }
}
