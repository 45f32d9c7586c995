package io.amphora.testing;

import io.amphora.storage.SeriesSet;

/**
 * Entry point for AssertJ assertions on storage results that read like specs:
 *
 * <pre>{@code
 * assertThat(querier.select(true, hints, matchers))
 *         .hasSeriesCount(2)
 *         .hasSeries("{__name__=\"up\", job=\"api\"}").withSamples(1000L, 1.0, 2000L, 1.0)
 *         .and()
 *         .hasSeries("up{job=\"web\"}").withValues(0.0);
 * }</pre>
 *
 * Series are written in Prometheus notation (see {@link LabelsParser}); sample values compare bit for bit, so
 * NaN equals NaN, Prometheus's stale marker differs from a plain NaN and -0.0 differs from 0.0.
 */
public final class StorageAssertions {
    private StorageAssertions() {}

    /** Drains {@code actual} at once (a series set can be read only once) and asserts on what it held. */
    public static SeriesSetAssert assertThat(SeriesSet actual) {
        return new SeriesSetAssert(actual);
    }
}
