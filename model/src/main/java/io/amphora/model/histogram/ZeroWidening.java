package io.amphora.model.histogram;

/**
 * What a histogram's zero bucket would hold with a larger threshold (Prometheus's
 * {@code zeroCountForLargerThreshold}): every bucket below the threshold joins it, and a threshold that cuts through
 * a populated bucket moves out to that bucket's far bound. Counts are summed with compensation as Prometheus does
 * (also for callers that then ignore the compensation); when the negative side moves the threshold, the positive
 * side is summed again while the compensation carries on. Reusable; results are read from the fields.
 */
final class ZeroWidening {
    double zeroCount;
    double threshold;
    double comp;

    /**
     * @param positive walks the positive buckets in their own schema, from zero outwards
     * @param negative walks the negative buckets in their own schema, from zero outwards
     * @param withComps whether the buckets' compensation terms ({@link SideIterator#comp()}) are summed too
     */
    ZeroWidening widen(SideIterator positive, SideIterator negative, double largerThreshold, double zeroCount,
            double zeroThreshold, double comp, boolean withComps) {
        double t = largerThreshold;
        if (t == zeroThreshold) {
            this.zeroCount = zeroCount;
            this.threshold = t;
            this.comp = comp;
            return this;
        }
        if (t < zeroThreshold) {
            throw new IllegalStateException("new threshold " + t + " is less than old threshold " + zeroThreshold);
        }
        double c = comp;
        outer:
        while (true) {
            double z = zeroCount;
            positive.rewind();
            while (positive.next()) {
                if (positive.lower() >= t) {
                    break;
                }
                double bucket = positive.count();
                c = Kahan.compensation(bucket, z, c);
                z = Kahan.sum(bucket, z);
                if (withComps) {
                    double bucketComp = positive.comp();
                    c = Kahan.compensation(bucketComp, z, c);
                    z = Kahan.sum(bucketComp, z);
                }
                if (positive.upper() > t) {
                    if (bucket != 0) {
                        t = positive.upper();
                    }
                    break;
                }
            }
            negative.rewind();
            while (negative.next()) {
                if (negative.upper() <= -t) {
                    break;
                }
                double bucket = negative.count();
                c = Kahan.compensation(bucket, z, c);
                z = Kahan.sum(bucket, z);
                if (withComps) {
                    double bucketComp = negative.comp();
                    c = Kahan.compensation(bucketComp, z, c);
                    z = Kahan.sum(bucketComp, z);
                }
                if (negative.lower() < -t) {
                    if (bucket != 0) {
                        t = -negative.lower();
                        continue outer;
                    }
                    break;
                }
            }
            this.zeroCount = z;
            this.threshold = t;
            this.comp = c;
            return this;
        }
    }
}
