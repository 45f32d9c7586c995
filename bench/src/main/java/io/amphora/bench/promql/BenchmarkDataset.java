package io.amphora.bench.promql;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The size of one query-benchmark dataset: how many series, how long a time range, and how often each series is
 * scraped. Named {@code <thousands>k-<hours>h}, e.g. {@code 10k-24h}: 10,000 series over 24 hours, scraped every
 * 15 s; a suffix {@code @<seconds>s} names another scrape interval, e.g. {@code 100k-24h@60s}.
 *
 * @param series total series, a positive multiple of {@link PromqlBenchmarkData#SERIES_PER_TARGET}
 * @param range the time the data covers, which is also the range the benchmark queries span
 * @param scrapeInterval time between two samples of a series; {@code range} must be a whole number of them
 */
public record BenchmarkDataset(int series, Duration range, Duration scrapeInterval) {
    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(15);
    private static final Pattern NAME = Pattern.compile("([1-9][0-9]*)k-([1-9][0-9]*)h(?:@([1-9][0-9]*)s)?");

    /**
     * The datasets the benchmark and the comparison use by default. 24 h of 100k series at 15 s scrapes would be
     * 576M samples (over 9 GB as the in-memory queryable's arrays, before any query copies them, and a range query
     * over all counters would return over 100M points), more than this 2-core, 23 GB machine can hold next to a
     * Prometheus with the same data; so 24 h runs with 1k and 10k series only.
     */
    public static final List<BenchmarkDataset> STANDARD = List.of(
            parse("1k-1h"), parse("10k-1h"), parse("100k-1h"), parse("1k-24h"), parse("10k-24h"));

    public BenchmarkDataset {
        requireNonNull(range, "range is null");
        requireNonNull(scrapeInterval, "scrapeInterval is null");
        if (series <= 0 || series % PromqlBenchmarkData.SERIES_PER_TARGET != 0) {
            throw new IllegalArgumentException("series must be a positive multiple of "
                    + PromqlBenchmarkData.SERIES_PER_TARGET + ", got " + series);
        }
        if (scrapeInterval.toMillis() <= 1) {
            throw new IllegalArgumentException("scrapeInterval must be over 1 ms, got " + scrapeInterval);
        }
        if (range.toMillis() <= 0 || range.toMillis() % scrapeInterval.toMillis() != 0) {
            throw new IllegalArgumentException("range must be a positive multiple of the scrape interval "
                    + scrapeInterval + ", got " + range);
        }
    }

    /**
     * The dataset named {@code <thousands>k-<hours>h} (e.g. {@code 100k-1h}), scraped every 15 s, or
     * {@code <thousands>k-<hours>h@<seconds>s} (e.g. {@code 100k-24h@60s}), scraped at that interval.
     *
     * @throws IllegalArgumentException for any other name, or an interval the range is not a multiple of
     */
    public static BenchmarkDataset parse(String name) {
        requireNonNull(name, "name is null");
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("dataset '" + name + "' is not of the form <thousands>k-<hours>h"
                    + "[@<seconds>s], e.g. 10k-1h or 100k-24h@60s");
        }
        Duration interval = m.group(3) == null ? DEFAULT_SCRAPE_INTERVAL
                : Duration.ofSeconds(Integer.parseInt(m.group(3)));
        return new BenchmarkDataset(Math.multiplyExact(Integer.parseInt(m.group(1)), 1000),
                Duration.ofHours(Integer.parseInt(m.group(2))), interval);
    }

    /** Samples per series: the scrapes that fit in the range. */
    public int scrapesPerSeries() {
        return Math.toIntExact(range.toMillis() / scrapeInterval.toMillis());
    }

    public long totalSamples() {
        return (long) series * scrapesPerSeries();
    }

    /**
     * {@code 10k-1h} or {@code 100k-24h@60s} as {@link #parse} reads them; a dataset {@code parse} cannot produce
     * shows its exact figures instead, e.g. {@code 40-90000ms@3000ms} (series, range, scrape interval).
     */
    public String name() {
        if (series % 1000 == 0 && range.toMillis() % 3_600_000 == 0 && scrapeInterval.toMillis() % 1000 == 0) {
            String name = series / 1000 + "k-" + range.toHours() + "h";
            return scrapeInterval.equals(DEFAULT_SCRAPE_INTERVAL) ? name : name + "@" + scrapeInterval.toSeconds() + "s";
        }
        return series + "-" + range.toMillis() + "ms@" + scrapeInterval.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return name();
    }
}
