package io.amphora.bench.promql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchmarkDatasetTest {
    @Test
    void readsThousandsOfSeriesAndHoursFromTheName() {
        BenchmarkDataset dataset = BenchmarkDataset.parse("10k-24h");

        assertThat(dataset.series()).isEqualTo(10_000);
        assertThat(dataset.range()).isEqualTo(Duration.ofHours(24));
        assertThat(dataset.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(dataset.scrapesPerSeries()).isEqualTo(5_760);
        assertThat(dataset.totalSamples()).isEqualTo(57_600_000L);
        assertThat(dataset.name()).isEqualTo("10k-24h");
    }

    @Test
    void readsAnotherScrapeIntervalFromASecondsSuffix() {
        BenchmarkDataset dataset = BenchmarkDataset.parse("100k-24h@60s");

        assertThat(dataset.series()).isEqualTo(100_000);
        assertThat(dataset.range()).isEqualTo(Duration.ofHours(24));
        assertThat(dataset.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(dataset.totalSamples()).isEqualTo(144_000_000L);
        assertThat(dataset.name()).isEqualTo("100k-24h@60s");
        assertThat(BenchmarkDataset.parse("10k-1h@15s").name()).isEqualTo("10k-1h");
    }

    @Test
    void refusesAScrapeIntervalTheRangeIsNotAMultipleOf() {
        assertThatThrownBy(() -> BenchmarkDataset.parse("1k-1h@7s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of the scrape interval");
    }

    @Test
    void standardDatasetsLeaveOutTwentyFourHoursOfAHundredThousandSeries() {
        assertThat(BenchmarkDataset.STANDARD).extracting(BenchmarkDataset::name)
                .containsExactly("1k-1h", "10k-1h", "100k-1h", "1k-24h", "10k-24h");
    }

    @Test
    void namesADatasetParseCannotProduceByItsExactFigures() {
        BenchmarkDataset dataset = new BenchmarkDataset(40, Duration.ofSeconds(90), Duration.ofSeconds(3));

        assertThat(dataset.name()).isEqualTo("40-90000ms@3000ms");
        assertThat(dataset.scrapesPerSeries()).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10k", "10-1h", "0k-1h", "10k-0h", "10K-1H", "1.5k-1h", "10k-1h ", "10k-1h@", "10k-1h@60",
            "10k-1h@1m", "10k-1h@0s"})
    void refusesMalformedNames(String name) {
        assertThatThrownBy(() -> BenchmarkDataset.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<thousands>k-<hours>h");
    }

    @Test
    void refusesSeriesCountsThatAreNotWholePods() {
        assertThatThrownBy(() -> new BenchmarkDataset(1_010, Duration.ofHours(1), Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 20");
    }

    @Test
    void refusesARangeThatIsNotWholeScrapeIntervals() {
        assertThatThrownBy(() -> new BenchmarkDataset(20, Duration.ofSeconds(100), Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of the scrape interval");
    }
}
