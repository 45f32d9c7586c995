package io.amphora.tsdb.head;

import io.amphora.model.Matcher;
import io.amphora.storage.Querier;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;

import java.util.List;

/** A querier over a head for {@code [mint, maxt]}. Series are snapshotted at select time. */
final class HeadQuerier implements Querier {
    private final Head head;
    private final long mint;
    private final long maxt;

    HeadQuerier(Head head, long mint, long maxt) {
        this.head = head;
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        return head.selectSeries(sortSeries, hints == null ? SelectHints.range(mint, maxt) : hints, mint, maxt, matchers);
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
        return head.labelValues(name, matchers);
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
        return head.labelNames(matchers);
    }

    @Override
    public void close() {}
}
