package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.amphora.model.Labels;
import io.amphora.model.MatchType;
import io.amphora.model.Matcher;
import io.amphora.promql.ast.ExtendedRange;
import io.amphora.promql.ast.PositionRange;

/**
 * The experimental {@code info(v, {data labels})}: adds to each series of {@code v} the data labels of the info
 * series ({@code target_info} by default) that share its identifying labels ({@code instance}, {@code job}), as
 * Prometheus does. The info series are selected once, narrowed to the identifying label values of {@code v}, and
 * evaluated at the same times as the selector of {@code v} ({@code @} and offset included); at each step the newest
 * info sample per info metric and identity wins.
 */
final class InfoFunction {
    private static final String TARGET_INFO = "target_info";
    private static final List<String> IDENTIFYING = List.of("instance", "job");

    private InfoFunction() {}

    private record Anchor(Long at, long offset) {}

    static EvalValue evaluate(Evaluator ev, Plan.Call c) {
        Anchor anchor = anchor(c.args().getFirst());
        EvalValue.VectorValue base = ev.evalVector(c.args().getFirst());
        Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
        List<Matcher> infoNameMatchers = new ArrayList<>();
        if (c.args().size() > 1) {
            Plan selector = c.args().get(1);
            if (selector instanceof Plan.StepInvariant i) {
                selector = i.expr();
            }
            for (Matcher m : ((Plan.Selector) selector).matchers()) {
                dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    infoNameMatchers.add(m);
                }
            }
        } else {
            infoNameMatchers.add(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        List<Matcher> effective = effectiveNameMatchers(infoNameMatchers);
        boolean[] ignored = new boolean[base.series().size()];
        for (int k = 0; k < ignored.length; k++) {
            String name = base.series().get(k).labels.metricName();
            boolean all = true;
            for (Matcher m : effective) {
                all &= m.matches(name);
            }
            ignored[k] = all;
        }
        List<StepSeries> info = fetchInfoSeries(ev, base.series(), ignored, dataMatchers, anchor, c.position());
        EvalValue.VectorValue result = combine(ev, base.series(), info, ignored, dataMatchers);
        long held = base.sampleCount();
        for (StepSeries s : info) {
            held += s.sampleCount();
        }
        ev.query.tracker.hold(result.sampleCount());
        ev.query.tracker.release(held);
        return result;
    }

    /** The {@code @} time and offset of the first selector of the argument, with enclosing subqueries' offsets. */
    private static Anchor anchor(Plan arg) {
        List<Plan.Subquery> path = new ArrayList<>();
        Plan.Selector found = find(arg, path);
        if (found == null) {
            return new Anchor(null, 0);
        }
        Long at = found.at();
        long offset = found.offset();
        for (int i = path.size() - 1; at == null && i >= 0; i--) {
            offset += path.get(i).offset();
            at = path.get(i).at();
        }
        return new Anchor(at, offset);
    }

    private static Plan.Selector find(Plan plan, List<Plan.Subquery> path) {
        switch (plan) {
            case Plan.Selector s -> {
                return s;
            }
            case Plan.RangeSelector r -> {
                return r.selector();
            }
            case Plan.Subquery q -> {
                path.add(q);
                Plan.Selector s = find(q.expr(), path);
                if (s == null) {
                    path.removeLast();
                }
                return s;
            }
            case Plan.Aggregate a -> {
                Plan.Selector s = find(a.expr(), path);
                return s != null || a.param() == null ? s : find(a.param(), path);
            }
            case Plan.Binary b -> {
                Plan.Selector s = find(b.lhs(), path);
                return s != null ? s : find(b.rhs(), path);
            }
            case Plan.Call call -> {
                for (Plan arg : call.args()) {
                    Plan.Selector s = find(arg, path);
                    if (s != null) {
                        return s;
                    }
                }
                return null;
            }
            case Plan.Negate n -> {
                return find(n.expr(), path);
            }
            case Plan.StepInvariant i -> {
                return find(i.expr(), path);
            }
            case Plan.NumberLiteral n -> {
                return null;
            }
            case Plan.StringLiteral s -> {
                return null;
            }
        }
    }

    /** Prometheus's {@code effectiveInfoNameMatchers}. */
    private static List<Matcher> effectiveNameMatchers(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX) {
                return matchers;
            }
        }
        if (!matchers.isEmpty()) {
            List<Matcher> result = new ArrayList<>();
            result.add(Matcher.regex(Labels.METRIC_NAME, ".+_info"));
            result.addAll(matchers);
            return result;
        }
        return List.of(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
    }

    private static List<StepSeries> fetchInfoSeries(Evaluator ev, List<StepSeries> base, boolean[] ignored,
            Map<String, List<Matcher>> dataMatchers, Anchor anchor, PositionRange position) {
        Map<String, Set<String>> identities = new TreeMap<>();
        for (int k = 0; k < base.size(); k++) {
            if (ignored[k]) {
                continue;
            }
            for (String label : IDENTIFYING) {
                String value = base.get(k).labels.get(label);
                if (!value.isEmpty()) {
                    identities.computeIfAbsent(label, l -> new TreeSet<>()).add(value);
                }
            }
        }
        List<Matcher> nameMatchers = new ArrayList<>();
        List<Matcher> matchers = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : identities.entrySet()) {
            StringBuilder re = new StringBuilder();
            for (String v : e.getValue()) {
                if (!re.isEmpty()) {
                    re.append('|');
                }
                re.append(quoteMeta(v));
            }
            matchers.add(Matcher.regex(e.getKey(), re.toString()));
        }
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                } else {
                    matchers.add(m);
                }
            }
        }
        dataMatchers.remove(Labels.METRIC_NAME);
        if (identities.isEmpty()) {
            return List.of();
        }
        matchers.addAll(effectiveNameMatchers(nameMatchers));
        Plan.Selector selector = new Plan.Selector("", matchers, anchor.offset(), anchor.at(), ExtendedRange.NONE,
                position);
        return ev.selector(selector, Evaluator.SelectedPoints.SAMPLE_TIMES, true, "info").series();
    }

    /** RE2's {@code QuoteMeta}: every character that is special in a regular expression escaped. */
    private static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(ch) >= 0) {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    private static EvalValue.VectorValue combine(Evaluator ev, List<StepSeries> base, List<StepSeries> info, boolean[] ignored,
            Map<String, List<Matcher>> dataMatchers) {
        int steps = ev.steps();
        Set<String> infoMetrics = new TreeSet<>();
        for (StepSeries s : info) {
            infoMetrics.add(s.labels.metricName());
        }
        List<String> metrics = new ArrayList<>(infoMetrics);
        String[][] baseSigs = new String[base.size()][metrics.size()];
        for (int k = 0; k < base.size(); k++) {
            for (int m = 0; m < metrics.size(); m++) {
                baseSigs[k][m] = signature(metrics.get(m), base.get(k).labels);
            }
        }
        String[] infoSigs = new String[info.size()];
        for (int j = 0; j < info.size(); j++) {
            infoSigs[j] = signature(info.get(j).labels.metricName(), info.get(j).labels);
        }
        boolean allMatchEmpty = true;
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                allMatchEmpty &= m.matches("");
            }
        }
        StepErrors errors = new StepErrors();
        OutputSeries output = new OutputSeries(steps, ev.keepDuplicates(), errors);
        Map<String, Integer> bySignature = new HashMap<>();
        Map<String, Integer> outputIndex = new HashMap<>();
        for (int i = 0; i < steps && !errors.any(); i++) {
            if ((i & 63) == 0) {
                ev.query.checkpoint();
            }
            bySignature.clear();
            boolean anyBase = false;
            for (StepSeries s : base) {
                anyBase |= s.present[i];
            }
            if (!anyBase) {
                continue;
            }
            for (int j = 0; j < info.size(); j++) {
                StepSeries s = info.get(j);
                if (!s.present[i]) {
                    continue;
                }
                Integer existing = bySignature.get(infoSigs[j]);
                if (existing == null) {
                    bySignature.put(infoSigs[j], j);
                    continue;
                }
                long existingT = Math.round(info.get(existing).values[i] * 1000);
                long t = Math.round(s.values[i] * 1000);
                if (existingT < t) {
                    bySignature.put(infoSigs[j], j);
                } else if (existingT == t) {
                    errors.record(i, StepErrors.PHASE_COMPUTE, "found duplicate series for info metric: existing "
                            + info.get(existing).labels + " @ " + existingT + ", new " + s.labels + " @ " + t);
                    break;
                }
            }
            if (errors.any()) {
                break;
            }
            for (int k = 0; k < base.size(); k++) {
                StepSeries b = base.get(k);
                if (!b.present[i]) {
                    continue;
                }
                Labels labels;
                if (ignored[k]) {
                    labels = b.labels;
                } else {
                    Map<String, String> added = new TreeMap<>();
                    int seen = 0;
                    String failure = null;
                    for (int m = 0; m < metrics.size() && failure == null; m++) {
                        Integer j = bySignature.get(baseSigs[k][m]);
                        if (j == null) {
                            continue;
                        }
                        Labels infoLabels = info.get(j).labels;
                        for (int l = 0; l < infoLabels.size(); l++) {
                            String name = infoLabels.name(l);
                            if (name.equals(Labels.METRIC_NAME)) {
                                continue;
                            }
                            if (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name)) {
                                continue;
                            }
                            String value = infoLabels.value(l);
                            String current = added.get(name);
                            if (current != null && !current.equals(value)) {
                                failure = "conflicting label: " + name;
                                break;
                            }
                            if (b.labels.has(name)) {
                                continue;
                            }
                            added.put(name, value);
                        }
                        seen++;
                    }
                    if (failure != null) {
                        errors.record(i, StepErrors.PHASE_COMPUTE, failure);
                        break;
                    }
                    if (seen == 0 && !allMatchEmpty) {
                        continue;
                    }
                    Labels.Builder builder = b.labels.toBuilder();
                    added.forEach(builder::set);
                    labels = builder.build();
                }
                String key = k + "\u0000" + LabelSets.key(labels);
                Integer out = outputIndex.get(key);
                if (out == null) {
                    out = output.series(labels, b.dropName);
                    outputIndex.put(key, out);
                }
                if (b.isHistogram(i)) {
                    output.putHistogram(out, i, b.histograms[i]);
                } else {
                    output.putFloat(out, i, b.values[i]);
                }
            }
        }
        errors.raise();
        return new EvalValue.VectorValue(output.result());
    }

    /** The identity of a series for one info metric: the metric name and the identifying labels. */
    private static String signature(String infoMetric, Labels labels) {
        StringBuilder sb = new StringBuilder(infoMetric).append('\u00ff');
        for (String name : IDENTIFYING) {
            String v = labels.get(name);
            if (!v.isEmpty()) {
                sb.append(name).append('\u00ff').append(v).append('\u00ff');
            }
        }
        return sb.toString();
    }

}
