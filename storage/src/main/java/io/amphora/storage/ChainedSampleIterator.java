package io.amphora.storage;

import java.util.List;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

import static java.util.Objects.requireNonNull;

/**
 * Merges several {@link SampleIterator}s into one in timestamp order, as needed for overlapping chunks of one
 * series or for the same series read from several replicas (Prometheus {@code chainSampleIterator}).
 *
 * <p>When several inputs have a sample at the same timestamp, exactly one is returned: the one from the input
 * that comes first in the list, so callers put the preferred source first; the others are skipped. Each input
 * must itself be strictly increasing. A binary heap of input indexes keyed by their current timestamp keeps
 * {@code next} at O(log k) for k inputs, without boxing. Not thread-safe.
 */
public final class ChainedSampleIterator implements SampleIterator {
    private SampleIterator[] inputs;
    private int count;
    /** Current timestamp of every input that is positioned on a sample. */
    private long[] heads;
    /** Sample type every positioned input is on. */
    private ValueType[] types;
    /** Indexes of positioned inputs other than {@link #current}, as a min-heap on (head, index). */
    private int[] heap;
    private int heapSize;
    /** The input supplying the current sample, or -1. */
    private int current;
    private boolean started;
    private boolean exhausted;

    public ChainedSampleIterator(List<? extends SampleIterator> inputs) {
        reset(inputs);
    }

    /** Restarts this iterator over new inputs, reusing its arrays where they are large enough; returns {@code this}. */
    public ChainedSampleIterator reset(List<? extends SampleIterator> newInputs) {
        requireNonNull(newInputs, "inputs is null");
        int n = newInputs.size();
        if (inputs == null || inputs.length < n) {
            inputs = new SampleIterator[n];
            heads = new long[n];
            types = new ValueType[n];
            heap = new int[n];
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i < n ? requireNonNull(newInputs.get(i), "input is null") : null;
        }
        count = n;
        heapSize = 0;
        current = -1;
        started = false;
        exhausted = false;
        return this;
    }

    @Override
    public ValueType next() {
        if (exhausted) {
            return ValueType.NONE;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < count; i++) {
                offer(i, inputs[i].next());
            }
        } else if (current >= 0) {
            offer(current, inputs[current].next());
        }
        return advance();
    }

    @Override
    public ValueType seek(long t) {
        if (exhausted) {
            return ValueType.NONE;
        }
        if (current >= 0 && heads[current] >= t) {
            return types[current];
        }
        if (!started) {
            started = true;
            for (int i = 0; i < count; i++) {
                offer(i, inputs[i].seek(t));
            }
        } else {
            // Seek every positioned input; those already at or past t stay where they are.
            int positioned = heapSize;
            int[] pending = heap;
            heapSize = 0;
            int previous = current;
            for (int k = 0; k < positioned; k++) {
                int i = pending[k];
                // Re-inserting into the same array is safe: the heap never grows past the slots already read.
                offer(i, inputs[i].seek(t));
            }
            if (previous >= 0) {
                offer(previous, inputs[previous].seek(t));
            }
        }
        return advance();
    }

    @Override
    public long atT() {
        checkPositioned();
        return heads[current];
    }

    /** The start timestamp of the input that supplies the current sample. */
    @Override
    public long atStartTimestamp() {
        checkPositioned();
        return inputs[current].atStartTimestamp();
    }

    @Override
    public double atValue() {
        checkPositioned();
        return inputs[current].atValue();
    }

    @Override
    public Histogram atHistogram() {
        checkPositioned();
        return inputs[current].atHistogram();
    }

    @Override
    public FloatHistogram atFloatHistogram() {
        checkPositioned();
        return inputs[current].atFloatHistogram();
    }

    /** Takes the smallest head as current and moves inputs with the same timestamp past it. */
    private ValueType advance() {
        if (heapSize == 0) {
            current = -1;
            exhausted = true;
            return ValueType.NONE;
        }
        current = poll();
        long t = heads[current];
        while (heapSize > 0 && heads[heap[0]] == t) {
            int duplicate = poll();
            offer(duplicate, inputs[duplicate].next());
        }
        return types[current];
    }

    private void offer(int input, ValueType type) {
        switch (type) {
            case NONE -> {
                // exhausted inputs leave the heap for good
            }
            case FLOAT, HISTOGRAM, FLOAT_HISTOGRAM -> {
                types[input] = type;
                heads[input] = inputs[input].atT();
                int slot = heapSize++;
                while (slot > 0) {
                    int parent = (slot - 1) >>> 1;
                    if (!less(input, heap[parent])) {
                        break;
                    }
                    heap[slot] = heap[parent];
                    slot = parent;
                }
                heap[slot] = input;
            }
        }
    }

    private int poll() {
        int top = heap[0];
        int last = heap[--heapSize];
        int slot = 0;
        while (true) {
            int child = 2 * slot + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], last)) {
                break;
            }
            heap[slot] = heap[child];
            slot = child;
        }
        if (heapSize > 0) {
            heap[slot] = last;
        }
        return top;
    }

    /** Order by timestamp, then by input position so the earliest input wins ties. */
    private boolean less(int a, int b) {
        return heads[a] < heads[b] || (heads[a] == heads[b] && a < b);
    }

    private void checkPositioned() {
        if (current < 0) {
            throw new IllegalStateException("iterator is not positioned on a sample");
        }
    }
}
