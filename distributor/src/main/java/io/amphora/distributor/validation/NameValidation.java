package io.amphora.distributor.validation;

/**
 * Which metric and label names are accepted.
 *
 * <p>{@link #UTF8} is the default: Prometheus 3 accepts any non-empty UTF-8 name, remote write 2.0 allows it, and
 * the remote-write receiver compliance suite sends names with dots and spaces that must be accepted (an
 * OpenTelemetry-fed Prometheus produces such names, e.g. {@code http.server.duration}). {@link #LEGACY} is
 * Cortex's default, for deployments whose readers (old dashboards, PromQL without quoted names) expect classic
 * names only.
 *
 * <p>Strings that were not valid UTF-8 on the wire are refused in both modes; the decoder marks them (see
 * {@code IncomingSeries.invalidUtf8At}), so the checks here only see decoded strings.
 */
public enum NameValidation {
    /** Any non-empty name. */
    UTF8 {
        @Override
        public boolean isValidMetricName(String name) {
            return !name.isEmpty();
        }

        @Override
        public boolean isValidLabelName(String name) {
            return !name.isEmpty();
        }
    },
    /** Metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    LEGACY {
        @Override
        public boolean isValidMetricName(String name) {
            return isLegacy(name, true);
        }

        @Override
        public boolean isValidLabelName(String name) {
            return isLegacy(name, false);
        }
    };

    public abstract boolean isValidMetricName(String name);

    public abstract boolean isValidLabelName(String name);

    private static boolean isLegacy(String name, boolean allowColon) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (allowColon && c == ':') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
