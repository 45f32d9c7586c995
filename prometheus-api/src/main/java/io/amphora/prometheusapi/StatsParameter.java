package io.amphora.prometheusapi;

/** What the {@code stats} parameter of the query endpoints asks for. */
public enum StatsParameter {
    /** Absent or empty: no {@code stats} object in the response. */
    NONE,
    /** {@code true} (or, deprecated, any other value): timings and total sample counts. */
    SUMMARY,
    /** {@code all}: as {@link #SUMMARY}, plus per-step sample counts where the engine collects them. */
    PER_STEP;

    static StatsParameter of(String value) {
        return switch (value) {
            case "" -> NONE;
            case "all" -> PER_STEP;
            default -> SUMMARY;
        };
    }

    public boolean included() {
        return this != NONE;
    }
}
