package io.amphora.controlplane;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WorkspaceDataDeleter} that records the workspaces it is asked to delete and can be told to fail the next
 * calls, as a deleter does while ingesters are unreachable. Thread-safe.
 */
public final class RecordingDataDeleter implements WorkspaceDataDeleter {
    private final List<String> calls = new ArrayList<>();
    private int failuresLeft;

    @Override
    public synchronized void deleteData(String workspaceId) throws Exception {
        calls.add(workspaceId);
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new Exception("ingester unreachable (deliberate failure; " + failuresLeft + " left)");
        }
    }

    /** Makes the next {@code count} calls fail. */
    public synchronized void failNext(int count) {
        failuresLeft = count;
    }

    /** Every call so far, failed or not, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
