package io.amphora.controlplane.validation;

/**
 * The classic Prometheus name rules, which the managed service applies to rules, alert routing and label set
 * limits: label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}.
 */
public final class Names {
    public static final String METRIC_NAME_LABEL = "__name__";

    private Names() {}

    public static boolean isLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isMetricName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
