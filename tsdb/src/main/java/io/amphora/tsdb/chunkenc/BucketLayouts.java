package io.amphora.tsdb.chunkenc;

import io.amphora.model.histogram.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Comparing and widening bucket layouts, the decisions Prometheus's histogram appenders take when a histogram's
 * spans differ from the chunk's: which buckets are new (the chunk must be re-encoded with empty buckets inserted,
 * "forward inserts"), which of the chunk's buckets the histogram lacks (the histogram gets empty buckets inserted,
 * "backward inserts"), and whether a bucket that was in use disappeared or decreased (a counter reset).
 *
 * <p>Spans are read as bucket indexes: the first span starts at its offset, each further one {@code offset} indexes
 * after the end of the previous one; spans of length 0 only shift.
 */
final class BucketLayouts {
    private BucketLayouts() {}

    /**
     * {@code num} empty buckets to insert before the {@code pos}-th bucket of the original bucket array (at its end
     * when {@code pos} is its length); {@code bucketIndex} is the index of the first inserted bucket.
     */
    record Insert(int pos, int num, int bucketIndex) {}

    /** Forward and backward inserts of an appendable layout change. */
    record Expansion(List<Insert> forward, List<Insert> backward) {
        boolean isEmpty() {
            return forward.isEmpty() && backward.isEmpty();
        }
    }

    /** Both-way inserts and the union of the two layouts, for gauge histograms. */
    record Merge(List<Insert> forward, List<Insert> backward, Span[] mergedSpans) {}

    /** Walks the bucket indexes the spans cover. */
    static final class BucketIterator {
        private final Span[] spans;
        private int span;
        private int bucket = -1;
        private int index = -1;

        BucketIterator(Span[] spans) {
            this.spans = spans;
            if (spans.length > 0) {
                index += spans[0].offset();
            }
        }

        boolean next() {
            if (span >= spans.length) {
                return false;
            }
            if (bucket < spans[span].length() - 1) {
                bucket++;
                index++;
                return true;
            }
            while (span < spans.length - 1) {
                span++;
                index += spans[span].offset() + 1;
                bucket = 0;
                if (spans[span].length() == 0) {
                    index--;
                    continue;
                }
                return true;
            }
            span = spans.length;
            return false;
        }

        int index() {
            return index;
        }
    }

    /** A run of inserts being collected; added to a list once the run ends. */
    private static final class PendingInsert {
        int pos;
        int num;
        int bucketIndex;

        /** Extends the run with bucket {@code index}, first closing it if {@code index} does not continue it. */
        void add(List<Insert> inserts, int index) {
            if (num == 0) {
                bucketIndex = index;
            } else if (bucketIndex + num != index) {
                inserts.add(new Insert(pos, num, bucketIndex));
                num = 0;
                bucketIndex = index;
            }
            num++;
        }

        void flush(List<Insert> inserts) {
            if (num > 0) {
                inserts.add(new Insert(pos, num, bucketIndex));
                num = 0;
            }
        }
    }

    /** Compares the counts of the chunk's bucket at {@code aPos} with the new histogram's at {@code bPos}. */
    private interface CountCheck {
        boolean isZero(int aPos);

        boolean decreased(int aPos, int bPos);
    }

    /** {@link #expand} for delta-encoded integer buckets; counts compare exactly as signed 64-bit sums. */
    static Expansion expand(Span[] a, Span[] b, long[] aDeltas, long[] bDeltas) {
        return expand(a, b, new CountCheck() {
            private int aAt = -1;
            private long aCount;
            private int bAt = -1;
            private long bCount;

            private long a(int i) {
                while (aAt < i) {
                    aCount += aDeltas[++aAt];
                }
                return aCount;
            }

            @Override
            public boolean isZero(int aPos) {
                return a(aPos) == 0;
            }

            @Override
            public boolean decreased(int aPos, int bPos) {
                while (bAt < bPos) {
                    bCount += bDeltas[++bAt];
                }
                return a(aPos) > bCount;
            }
        });
    }

    /** {@link #expand} for absolute float bucket counts (a NaN count never counts as a decrease, nor as empty). */
    static Expansion expand(Span[] a, Span[] b, double[] aCounts, double[] bCounts) {
        return expand(a, b, new CountCheck() {
            @Override
            public boolean isZero(int aPos) {
                return aCounts[aPos] == 0;
            }

            @Override
            public boolean decreased(int aPos, int bPos) {
                return aCounts[aPos] > bCounts[bPos];
            }
        });
    }

    /**
     * Prometheus's {@code expandIntSpansAndBuckets}/{@code expandFloatSpansAndBuckets}: the inserts that widen
     * layout {@code a} (the chunk's) to cover {@code b} (the new histogram's), and the
     * inserts that widen {@code b} by the buckets of {@code a} it lacks. Returns null when the new histogram is a
     * counter reset: a bucket of {@code a} with a non-zero count is missing from {@code b}, or a bucket's count
     * decreased.
     */
    private static Expansion expand(Span[] a, Span[] b, CountCheck counts) {
        BucketIterator ai = new BucketIterator(a);
        BucketIterator bi = new BucketIterator(b);
        List<Insert> aInserts = new ArrayList<>();
        List<Insert> bInserts = new ArrayList<>();
        PendingInsert aPending = new PendingInsert();
        PendingInsert bPending = new PendingInsert();
        boolean aOk = ai.next();
        boolean bOk = bi.next();
        int aPos = 0;
        int bPos = 0;
        while (aOk || bOk) {
            if (aOk && bOk && ai.index() == bi.index()) {
                if (counts.decreased(aPos, bPos)) {
                    return null;
                }
                aPending.flush(aInserts);
                aOk = ai.next();
                aPending.pos = ++aPos;
                bPending.flush(bInserts);
                bOk = bi.next();
                bPending.pos = ++bPos;
            } else if (aOk && (!bOk || ai.index() < bi.index())) {
                if (!counts.isZero(aPos)) {
                    return null;
                }
                bPending.add(bInserts, ai.index());
                aPending.flush(aInserts);
                aOk = ai.next();
                aPending.pos = ++aPos;
            } else {
                aPending.add(aInserts, bi.index());
                bPending.flush(bInserts);
                bOk = bi.next();
                bPending.pos = ++bPos;
            }
        }
        aPending.flush(aInserts);
        bPending.flush(bInserts);
        return new Expansion(aInserts, bInserts);
    }

    /**
     * Prometheus's {@code expandSpansBothWays}, for gauge histograms where buckets may come and go: the inserts that
     * widen {@code a} to the union of both layouts, those that widen {@code b} to it, and the union's spans.
     */
    static Merge merge(Span[] a, Span[] b) {
        BucketIterator ai = new BucketIterator(a);
        BucketIterator bi = new BucketIterator(b);
        List<Insert> forward = new ArrayList<>();
        List<Insert> backward = new ArrayList<>();
        SpanBuilder merged = new SpanBuilder();
        int fPos = 0;
        int fNum = 0;
        int bPos = 0;
        int bNum = 0;
        boolean aOk = ai.next();
        boolean bOk = bi.next();
        while (aOk || bOk) {
            if (aOk && bOk && ai.index() == bi.index()) {
                if (fNum > 0) {
                    forward.add(new Insert(fPos, fNum, 0));
                    fNum = 0;
                }
                if (bNum > 0) {
                    backward.add(new Insert(bPos, bNum, 0));
                    bNum = 0;
                }
                merged.add(ai.index());
                aOk = ai.next();
                bOk = bi.next();
                fPos++;
                bPos++;
            } else if (aOk && (!bOk || ai.index() < bi.index())) {
                bNum++;
                if (fNum > 0) {
                    forward.add(new Insert(fPos, fNum, 0));
                    fNum = 0;
                }
                merged.add(ai.index());
                fPos++;
                aOk = ai.next();
            } else {
                fNum++;
                if (bNum > 0) {
                    backward.add(new Insert(bPos, bNum, 0));
                    bNum = 0;
                }
                merged.add(bi.index());
                bPos++;
                bOk = bi.next();
            }
        }
        if (fNum > 0) {
            forward.add(new Insert(fPos, fNum, 0));
        }
        if (bNum > 0) {
            backward.add(new Insert(bPos, bNum, 0));
        }
        return new Merge(forward, backward, merged.build());
    }

    /** Prometheus's {@code adjustForInserts}: {@code spans} widened by the buckets the inserts add. */
    static Span[] adjustForInserts(Span[] spans, List<Insert> inserts) {
        if (inserts.isEmpty()) {
            return spans;
        }
        BucketIterator it = new BucketIterator(spans);
        SpanBuilder merged = new SpanBuilder();
        int i = 0;
        int insertIndex = inserts.get(0).bucketIndex();
        int insertNum = inserts.get(0).num();
        boolean ok = it.next();
        while (ok || i < inserts.size()) {
            if (i < inserts.size() && (!ok || insertIndex < it.index())) {
                merged.add(insertIndex);
                insertNum--;
                if (insertNum == 0) {
                    i++;
                    if (i < inserts.size()) {
                        insertIndex = inserts.get(i).bucketIndex();
                        insertNum = inserts.get(i).num();
                    }
                } else {
                    insertIndex++;
                }
            } else {
                merged.add(it.index());
                ok = it.next();
            }
        }
        return merged.build();
    }

    /** Builds spans from increasing bucket indexes. */
    private static final class SpanBuilder {
        private final List<Span> spans = new ArrayList<>();
        private int lastBucket;
        private int lastLength;

        void add(int bucket) {
            int offset = bucket - lastBucket - 1;
            if (offset == 0 && !spans.isEmpty()) {
                lastLength++;
                spans.set(spans.size() - 1, new Span(spans.getLast().offset(), lastLength));
            } else {
                if (spans.isEmpty()) {
                    offset++;
                }
                spans.add(new Span(offset, 1));
                lastLength = 1;
            }
            lastBucket = bucket;
        }

        Span[] build() {
            return spans.toArray(new Span[0]);
        }
    }

    /**
     * Prometheus's {@code insert} for delta-encoded buckets: {@code in} with empty buckets inserted, into a new
     * array of {@code outLength}. An inserted run's first delta brings the running count to zero, and the original
     * bucket after it gets a delta from zero.
     */
    static long[] insertDeltas(long[] in, int outLength, List<Insert> inserts) {
        long[] out = new long[outLength];
        int oi = 0;
        long v = 0;
        int ii = 0;
        for (int i = 0; i < in.length; i++) {
            long d = in[i];
            if (ii >= inserts.size() || i != inserts.get(ii).pos()) {
                out[oi++] = d;
                v += d;
                continue;
            }
            boolean first = true;
            while (ii < inserts.size() && i == inserts.get(ii).pos()) {
                out[oi++] = first ? -v : 0;
                first = false;
                oi += inserts.get(ii).num() - 1;
                ii++;
            }
            out[oi++] = d + v;
            v += d;
        }
        while (ii < inserts.size()) {
            out[oi++] = -v;
            oi += inserts.get(ii).num() - 1;
            ii++;
            v = 0;
        }
        return out;
    }

    /** The same for absolute (float) bucket counts: inserted buckets are 0. */
    static double[] insertAbsolute(double[] in, int outLength, List<Insert> inserts) {
        double[] out = new double[outLength];
        int oi = 0;
        int ii = 0;
        for (int i = 0; i < in.length; i++) {
            while (ii < inserts.size() && i == inserts.get(ii).pos()) {
                oi += inserts.get(ii).num();
                ii++;
            }
            out[oi++] = in[i];
        }
        return out;
    }
}
