package io.amphora.distributor.remotewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Renders a {@link WriteBatch} for the differential parser tests. */
final class WriteBatchText {
    private WriteBatchText() {}

    /** Everything a batch holds, with strings escaped and doubles as raw bits, so that any difference shows. */
    static String describe(WriteBatch batch) {
        StringBuilder sb = new StringBuilder("version=").append(batch.version())
                .append(" rejected=").append(batch.rejected()).append('\n');
        for (IncomingSeries s : batch.series()) {
            sb.append("series ").append(strings(s.namesAndValues())).append(" invalidUtf8At=").append(s.invalidUtf8At())
                    .append(" timestamps=").append(Arrays.toString(s.timestamps()))
                    .append(" values=").append(bits(s.values()))
                    .append(" startTimestamps=").append(Arrays.toString(s.startTimestamps()))
                    .append(" metadata=").append(s.metadata()).append('\n');
            for (IncomingExemplar e : s.exemplars()) {
                sb.append("  exemplar ").append(strings(e.namesAndValues())).append(" invalidUtf8At=")
                        .append(e.invalidUtf8At()).append(" value=").append(bits(e.value()))
                        .append(" timestamp=").append(e.timestamp()).append('\n');
            }
            for (NativeHistogram h : s.histograms()) {
                sb.append("  histogram t=").append(h.timestamp()).append(" start=").append(h.startTimestamp())
                        .append(" float=").append(h.floatHistogram()).append(" countInt=").append(h.countInt())
                        .append(" countFloat=").append(bits(h.countFloat())).append(" sum=").append(bits(h.sum()))
                        .append(" schema=").append(h.schema()).append(" zeroThreshold=").append(bits(h.zeroThreshold()))
                        .append(" zeroCountInt=").append(h.zeroCountInt())
                        .append(" zeroCountFloat=").append(bits(h.zeroCountFloat()))
                        .append(" negativeSpans=").append(h.negativeSpans())
                        .append(" negativeDeltas=").append(Arrays.toString(h.negativeDeltas()))
                        .append(" negativeCounts=").append(bits(h.negativeCounts()))
                        .append(" positiveSpans=").append(h.positiveSpans())
                        .append(" positiveDeltas=").append(Arrays.toString(h.positiveDeltas()))
                        .append(" positiveCounts=").append(bits(h.positiveCounts()))
                        .append(" resetHint=").append(h.resetHint())
                        .append(" customValues=").append(bits(h.customValues())).append('\n');
            }
        }
        for (MetricMetadata m : batch.metadata()) {
            sb.append("metadata ").append(strings(m.metricFamilyName(), m.help(), m.unit())).append(' ')
                    .append(m.type()).append('\n');
        }
        return sb.toString();
    }

    private static String strings(String... strings) {
        List<String> escaped = new ArrayList<>(strings.length);
        for (String s : strings) {
            StringBuilder sb = new StringBuilder("\"");
            s.chars().forEach(c -> {
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\u%04x", c));
                }
            });
            escaped.add(sb.append('"').toString());
        }
        return escaped.toString();
    }

    private static String bits(double... values) {
        StringBuilder sb = new StringBuilder("[");
        for (double v : values) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
        return sb.append(']').toString();
    }
}
