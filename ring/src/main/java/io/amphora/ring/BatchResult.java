package io.amphora.ring;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link ReplicatedBatch} went for each item.
 *
 * @param itemCount how many items the batch had
 * @param failed the indexes of items that did not reach a quorum of acknowledgements (copied in and out)
 * @param error the error to report when any item failed: server-side when any failed item had a server-side
 *         failure, a client error only when every failed item failed on client errors alone; empty on success
 * @param errors every replica failure seen, one per failed (or unanswered) instance call
 */
public record BatchResult(int itemCount, BitSet failed, Optional<ReplicaError> error, List<ReplicaError> errors) {
    public BatchResult {
        failed = (BitSet) requireNonNull(failed, "failed is null").clone();
        requireNonNull(error, "error is null");
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        if (itemCount < 0 || failed.length() > itemCount) {
            throw new IllegalArgumentException("failed items must be within [0, " + itemCount + ")");
        }
        if (failed.isEmpty() == error.isPresent()) {
            throw new IllegalArgumentException("an error is reported exactly when some item failed");
        }
    }

    @Override
    public BitSet failed() {
        return (BitSet) failed.clone();
    }

    public boolean succeeded() {
        return failed.isEmpty();
    }

    public boolean isFailed(int item) {
        return failed.get(item);
    }

    public int failedCount() {
        return failed.cardinality();
    }

    /** The failed item indexes, ascending. */
    public int[] failedItems() {
        return failed.stream().toArray();
    }
}
