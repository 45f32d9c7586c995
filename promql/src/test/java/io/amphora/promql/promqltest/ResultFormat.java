package io.amphora.promql.promqltest;

import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;

import java.util.List;

/** Query results and expectations written for failure messages, in the test files' notation where it has one. */
final class ResultFormat {
    /** Series and points listed before the rest is summarised as "… N more". */
    static final int MAX_ITEMS = 20;

    private ResultFormat() {}

    /** One line per series or sample, each starting with {@code indent}. */
    static String describe(QueryValue value, String indent) {
        StringBuilder sb = new StringBuilder();
        switch (value) {
            case Scalar scalar -> sb.append(indent).append("scalar ").append(Tolerance.format(scalar.value()));
            case StringValue string -> sb.append(indent).append("string ").append(quote(string.value()));
            case Vector vector -> {
                sb.append(indent).append("vector with ").append(count(vector.samples().size(), "sample"));
                int shown = 0;
                for (io.amphora.promql.engine.Sample sample : vector.samples()) {
                    if (shown++ == MAX_ITEMS) {
                        sb.append('\n').append(indent).append("  … ").append(vector.samples().size() - MAX_ITEMS)
                                .append(" more");
                        break;
                    }
                    sb.append('\n').append(indent).append("  ").append(sample.labels()).append(' ').append(
                            sample.isHistogram() ? Histograms.notation(sample.histogram())
                                    : Tolerance.format(sample.value()));
                }
            }
            case Matrix matrix -> {
                sb.append(indent).append("matrix with ").append(count(matrix.series().size(), "series"));
                int shown = 0;
                for (RangeSeries series : matrix.series()) {
                    if (shown++ == MAX_ITEMS) {
                        sb.append('\n').append(indent).append("  … ").append(matrix.series().size() - MAX_ITEMS)
                                .append(" more");
                        break;
                    }
                    sb.append('\n').append(indent).append("  ").append(series.labels()).append(' ')
                            .append(points(series));
                }
            }
        }
        return sb.toString();
    }

    /** {@code 2 float points [1@0 2@60000] and 0 histogram points []}, timestamps in milliseconds. */
    static String points(RangeSeries series) {
        StringBuilder sb = new StringBuilder();
        sb.append(count(series.floatTimestamps().length, "float point")).append(" [");
        for (int i = 0; i < series.floatTimestamps().length; i++) {
            if (i == MAX_ITEMS) {
                sb.append(" …");
                break;
            }
            sb.append(i == 0 ? "" : " ").append(Tolerance.format(series.floatValues()[i])).append('@')
                    .append(series.floatTimestamps()[i]);
        }
        sb.append("] and ").append(count(series.histogramTimestamps().length, "histogram point")).append(" [");
        for (int i = 0; i < series.histogramTimestamps().length; i++) {
            if (i == MAX_ITEMS) {
                sb.append(" …");
                break;
            }
            sb.append(i == 0 ? "" : " ").append(Histograms.notation(series.histograms()[i])).append('@')
                    .append(series.histogramTimestamps()[i]);
        }
        return sb.append(']').toString();
    }

    /** The eval's expected result, one line per expected series. */
    static String describe(ExpectedResult expected, String indent) {
        return switch (expected) {
            case ExpectedResult.Scalar scalar -> indent + "scalar " + Tolerance.format(scalar.value());
            case ExpectedResult.StringValue string -> indent + "string " + quote(string.value());
            case ExpectedResult.Series series -> {
                StringBuilder sb = new StringBuilder(indent).append(series.series().isEmpty()
                        ? "nothing (an empty result)" : count(series.series().size(), "series"));
                int shown = 0;
                for (SeriesDescription description : series.series()) {
                    if (shown++ == MAX_ITEMS) {
                        sb.append('\n').append(indent).append("  … ").append(series.series().size() - MAX_ITEMS)
                                .append(" more");
                        break;
                    }
                    sb.append('\n').append(indent).append("  ").append(description.labels()).append(' ')
                            .append(values(description.values()));
                }
                yield sb.toString();
            }
        };
    }

    static String values(List<SequenceValue> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i == MAX_ITEMS) {
                sb.append(" … (").append(values.size()).append(" values)");
                break;
            }
            sb.append(i == 0 ? "" : " ").append(values.get(i));
        }
        return sb.toString();
    }

    /** A time in milliseconds as a duration from the epoch, the way the test files write it ({@code 50m}, {@code -1s}). */
    static String time(long millis) {
        if (millis == 0) {
            return "0";
        }
        String sign = millis < 0 ? "-" : "";
        long abs = Math.abs(millis);
        if (abs % 1000 != 0) {
            return sign + abs + "ms";
        }
        long seconds = abs / 1000;
        if (seconds % 3600 == 0) {
            return sign + seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return sign + seconds / 60 + "m";
        }
        return sign + seconds + "s";
    }

    static String typeName(QueryValue value) {
        return switch (value) {
            case Scalar scalar -> "a scalar";
            case StringValue string -> "a string";
            case Vector vector -> "a vector";
            case Matrix matrix -> "a matrix";
        };
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 || noun.endsWith("series") ? "" : "s");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
