package io.amphora.promql.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.amphora.model.Labels;
import io.amphora.promql.ast.GoStrings;

/**
 * {@code label_replace}, {@code label_join} and {@code sort_by_label[_desc]}: they change or order labels, never
 * values, so they work on each series once.
 */
final class LabelFunctions {
    private LabelFunctions() {}

    private static String string(Plan p) {
        return ((Plan.StringLiteral) p).value();
    }

    static EvalValue labelReplace(Evaluator ev, Plan.Call c) {
        String dst = string(c.args().get(1));
        String replacement = string(c.args().get(2));
        String src = string(c.args().get(3));
        String regex = string(c.args().get(4));
        Pattern pattern;
        try {
            pattern = Pattern.compile("^(?s:" + toJavaRegex(regex) + ")$");
        } catch (PatternSyntaxException e) {
            throw new QueryException(QueryErrorType.EXECUTION,
                    "invalid regular expression in label_replace(): " + regex);
        }
        if (!GoStrings.isValidLabelName(dst)) {
            throw new QueryException(QueryErrorType.EXECUTION,
                    "invalid destination label name in label_replace(): " + dst);
        }
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        for (StepSeries s : in.series()) {
            Matcher m = pattern.matcher(s.labels.get(src));
            if (!m.matches()) {
                continue;
            }
            String value = expand(replacement, m, pattern);
            s.labels = LabelSets.with(s.labels, dst, value);
            if (dst.equals(Labels.METRIC_NAME)) {
                s.dropName = false;
            }
        }
        return new EvalValue.VectorValue(Evaluation.mergeSameLabels(in.series()));
    }

    static EvalValue labelJoin(Evaluator ev, Plan.Call c) {
        String dst = string(c.args().get(1));
        String separator = string(c.args().get(2));
        List<String> sources = new ArrayList<>();
        for (int i = 3; i < c.args().size(); i++) {
            String src = string(c.args().get(i));
            if (!GoStrings.isValidLabelName(src)) {
                throw new QueryException(QueryErrorType.EXECUTION,
                        "invalid source label name in label_join(): " + src);
            }
            sources.add(src);
        }
        if (!GoStrings.isValidLabelName(dst)) {
            throw new QueryException(QueryErrorType.EXECUTION,
                    "invalid destination label name in label_join(): " + dst);
        }
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        for (StepSeries s : in.series()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) {
                    sb.append(separator);
                }
                sb.append(s.labels.get(sources.get(i)));
            }
            s.labels = LabelSets.with(s.labels, dst, sb.toString());
            if (dst.equals(Labels.METRIC_NAME)) {
                s.dropName = false;
            }
        }
        return new EvalValue.VectorValue(Evaluation.mergeSameLabels(in.series()));
    }

    /** RE2 syntax to Java's: named groups are written {@code (?P<name>...)} in Go. */
    static String toJavaRegex(String re2) {
        return re2.replace("(?P<", "(?<");
    }

    /**
     * Go's {@code Regexp.ExpandString}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$};
     * a reference to a group that does not exist (or did not match) is empty; {@code $name} takes the longest run
     * of letters, digits and underscores.
     */
    static String expand(String template, Matcher m, Pattern pattern) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char ch = template.charAt(i);
            if (ch != '$') {
                out.append(ch);
                i++;
                continue;
            }
            if (i + 1 < n && template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (i + 1 < n && template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(ch);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
                if (name.isEmpty() || !isWordRun(name)) {
                    out.append(ch);
                    i++;
                    continue;
                }
            } else {
                int j = i + 1;
                while (j < n && isWordChar(template.charAt(j))) {
                    j++;
                }
                name = template.substring(i + 1, j);
                next = j;
                if (name.isEmpty()) {
                    out.append(ch);
                    i++;
                    continue;
                }
            }
            out.append(group(m, name));
            i = next;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String value = null;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                int index = Integer.parseInt(name);
                if (index <= m.groupCount()) {
                    value = m.group(index);
                }
            } catch (NumberFormatException e) {
                value = null;
            }
        } else {
            try {
                value = m.group(name);
            } catch (IllegalArgumentException e) {
                value = null;
            }
        }
        return value == null ? "" : value;
    }

    private static boolean isWordRun(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isWordChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** {@code sort_by_label[_desc]}: natural order of the listed labels' values, then of the whole label sets. */
    static EvalValue sortByLabel(Evaluator ev, Plan.Call c, boolean descending) {
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        if (!ev.grid.singleStep()) {
            return in;
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i < c.args().size(); i++) {
            names.add(string(c.args().get(i)));
        }
        List<StepSeries> series = new ArrayList<>(in.series());
        series.sort((a, b) -> {
            for (String name : names) {
                String va = a.labels.get(name);
                String vb = b.labels.get(name);
                if (va.equals(vb)) {
                    continue;
                }
                boolean before = naturalLess(va, vb);
                return descending ? (before ? 1 : -1) : (before ? -1 : 1);
            }
            int cmp = a.labels.compareTo(b.labels);
            return descending ? -cmp : cmp;
        });
        return new EvalValue.VectorValue(series);
    }

    /**
     * The natural order of the Go library Prometheus uses ({@code natsort.Compare}): byte by byte, except that runs
     * of digits compare as numbers (a longer run, leading zeros skipped, is larger; equal lengths compare as text).
     */
    static boolean naturalLess(String sa, String sb) {
        byte[] a = sa.getBytes(StandardCharsets.UTF_8);
        byte[] b = sb.getBytes(StandardCharsets.UTF_8);
        int pa = 0;
        int pb = 0;
        while (true) {
            if (pa >= a.length) {
                return pb < b.length;
            }
            if (pb >= b.length) {
                return false;
            }
            int ca = a[pa] & 0xff;
            int cb = b[pb] & 0xff;
            if (isDigit(ca) && isDigit(cb)) {
                int[] ra = digitRun(a, pa);
                int[] rb = digitRun(b, pb);
                pa = ra[0];
                pb = rb[0];
                int la = ra[1];
                int lb = rb[1];
                if (lb > la) {
                    return true;
                }
                if (la > lb) {
                    return false;
                }
                int cmp = compareBytes(a, pa, b, pb, la);
                if (cmp != 0) {
                    return cmp < 0;
                }
                pa += la;
                pb += lb;
                continue;
            }
            if (ca == cb) {
                pa++;
                pb++;
                continue;
            }
            return ca < cb;
        }
    }

    /** The start (after skipped leading zeros) and length of the digit run at {@code p}. */
    private static int[] digitRun(byte[] s, int p) {
        int start = p;
        int length = 1;
        int current = s[start] & 0xff;
        while (start + length < s.length) {
            int x = s[start + length] & 0xff;
            if (current == '0') {
                start++;
                current = x;
                continue;
            }
            if (isDigit(x)) {
                length++;
            } else {
                break;
            }
        }
        return new int[] {start, length};
    }

    private static int compareBytes(byte[] a, int pa, byte[] b, int pb, int length) {
        for (int i = 0; i < length; i++) {
            int x = a[pa + i] & 0xff;
            int y = b[pb + i] & 0xff;
            if (x != y) {
                return x - y;
            }
        }
        return 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
