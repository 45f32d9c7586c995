package io.amphora.promql.promqltest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts over one or more {@code .test} files.
 *
 * @param loads all {@code load} and {@code load_with_nhcb} commands
 * @param loadsWithNhcb the {@code load_with_nhcb} commands among {@code loads}
 * @param instantEvals instant evals, including the deprecated {@code eval_fail instant} forms
 * @param failingEvals evals that expect the query to fail
 * @param loadedSeries series lines of load blocks (after a repeated label set replaced an earlier line)
 * @param floatSamples float samples loaded, staleness markers included
 * @param histogramSamples native histogram samples loaded (as written, not those {@code load_with_nhcb} derives)
 */
public record Statistics(
        int files,
        int loads,
        int loadsWithNhcb,
        int clears,
        int instantEvals,
        int rangeEvals,
        int failingEvals,
        int loadedSeries,
        long floatSamples,
        long histogramSamples) {

    static Statistics of(Iterable<TestScript> scripts) {
        int files = 0;
        int loads = 0;
        int loadsWithNhcb = 0;
        int clears = 0;
        int instantEvals = 0;
        int rangeEvals = 0;
        int failingEvals = 0;
        int loadedSeries = 0;
        long floatSamples = 0;
        long histogramSamples = 0;
        for (TestScript script : scripts) {
            files++;
            for (TestCommand command : script.commands()) {
                switch (command) {
                    case Load load -> {
                        loads++;
                        if (load.withNhcb()) {
                            loadsWithNhcb++;
                        }
                        loadedSeries += load.series().size();
                        for (SeriesDescription series : load.series()) {
                            for (SequenceValue value : series.values()) {
                                switch (value) {
                                    case SequenceValue.FloatValue f -> floatSamples++;
                                    case SequenceValue.HistogramValue h -> histogramSamples++;
                                    case SequenceValue.Omitted o -> { }
                                }
                            }
                        }
                    }
                    case Clear clear -> clears++;
                    case Eval eval -> {
                        switch (eval.kind()) {
                            case INSTANT -> instantEvals++;
                            case RANGE -> rangeEvals++;
                        }
                        if (eval.expectsFailure()) {
                            failingEvals++;
                        }
                    }
                }
            }
        }
        return new Statistics(files, loads, loadsWithNhcb, clears, instantEvals, rangeEvals, failingEvals,
                loadedSeries, floatSamples, histogramSamples);
    }

    public int evals() {
        return instantEvals + rangeEvals;
    }

    public int commands() {
        return loads + clears + evals();
    }

    /** Commands per kind, in the order {@code load}, {@code load_with_nhcb}, {@code clear}, instant, range evals. */
    public Map<String, Integer> commandsByKind() {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        kinds.put("load", loads - loadsWithNhcb);
        kinds.put("load_with_nhcb", loadsWithNhcb);
        kinds.put("clear", clears);
        kinds.put("eval instant", instantEvals);
        kinds.put("eval range", rangeEvals);
        return kinds;
    }

    @Override
    public String toString() {
        return files + " files, " + commands() + " commands " + commandsByKind() + ", " + evals() + " evals ("
                + failingEvals + " expecting failure), " + loadedSeries + " loaded series with " + floatSamples
                + " float and " + histogramSamples + " histogram samples";
    }
}
