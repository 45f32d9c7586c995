package io.amphora.controlplane.validation;

import org.yaml.snakeyaml.nodes.Node;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the periods of Alertmanager's {@code time_intervals} (and the older {@code mute_time_intervals}): each
 * entry's {@code times} ({@code HH:MM} from 00:00 to 24:00, start before end), {@code weekdays} (names, or ranges
 * such as {@code monday:friday}), {@code days_of_month} (1 to 31 or -31 to -1 counting from the month's end, and
 * ranges), {@code months} (names or 1 to 12, and ranges), {@code years} (and ranges) and {@code location} (an IANA
 * time zone). Problems are recorded on the reader with their line.
 */
final class TimeIntervals {
    private static final Set<String> PERIOD_FIELDS =
            Set.of("times", "weekdays", "days_of_month", "months", "years", "location");
    private static final Set<String> TIME_FIELDS = Set.of("start_time", "end_time");
    private static final List<String> WEEKDAYS =
            List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december");
    private static final Pattern TIME = Pattern.compile("([0-9]{2}):([0-9]{2})");
    private static final Pattern RANGE = Pattern.compile("(-?[^:]+)(?::(-?[^:]+))?");

    private final YamlReader yaml;

    TimeIntervals(YamlReader yaml) {
        this.yaml = yaml;
    }

    /** One entry of a time interval's {@code time_intervals} list. */
    void period(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "time interval", PERIOD_FIELDS);
        if (fields.containsKey("times")) {
            for (Node range : yaml.sequence(fields.get("times"), "[]times")) {
                times(range);
            }
        }
        ranges(fields.get("weekdays"), "weekday", this::weekday);
        ranges(fields.get("days_of_month"), "day of the month", TimeIntervals::dayOfMonth);
        ranges(fields.get("months"), "month", this::month);
        ranges(fields.get("years"), "year", TimeIntervals::year);
        Node location = fields.get("location");
        if (location != null && !YamlReader.isNull(location)) {
            yaml.scalar(location).ifPresent(zone -> {
                try {
                    ZoneId.of(zone);
                } catch (DateTimeException e) {
                    yaml.problem(location, "unknown time zone " + zone);
                }
            });
        }
    }

    private void times(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "times", TIME_FIELDS);
        String start = yaml.string(fields, "start_time");
        String end = yaml.string(fields, "end_time");
        if (start.isEmpty() || end.isEmpty()) {
            yaml.problem(node, "both start and end times must be provided");
            return;
        }
        int startMinute = minuteOfDay(node, start);
        int endMinute = minuteOfDay(node, end);
        if (startMinute >= 0 && endMinute >= 0 && startMinute >= endMinute) {
            yaml.problem(node, "start time cannot be equal or greater than end time");
        }
    }

    private int minuteOfDay(Node node, String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            yaml.problem(node, "couldn't parse timestamp " + text + ", invalid format");
            return -1;
        }
        int hours = Integer.parseInt(m.group(1));
        int minutes = Integer.parseInt(m.group(2));
        if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
            yaml.problem(node, "timestamp " + text + " out of range");
            return -1;
        }
        return hours * 60 + minutes;
    }

    /** Each element of a list of values or {@code start:end} ranges, converted by {@code parse}. */
    private void ranges(Node list, String what, ValueParser parse) {
        if (list == null) {
            return;
        }
        for (Node element : yaml.sequence(list, "[]string")) {
            yaml.scalar(element).ifPresent(text -> {
                Matcher m = RANGE.matcher(text.strip());
                if (!m.matches()) {
                    yaml.problem(element, "invalid " + what + " range " + text);
                    return;
                }
                try {
                    int start = parse.parse(m.group(1).strip());
                    int end = m.group(2) == null ? start : parse.parse(m.group(2).strip());
                    if (what.equals("day of the month") && (start < 0) != (end < 0)) {
                        // Alertmanager allows a positive start with a negative end (1:-1 = the whole month).
                        if (start < 0) {
                            yaml.problem(element, "invalid day of the month range " + text
                                    + ": a negative start needs a negative end");
                        }
                    } else if (start > end) {
                        yaml.problem(element, "start " + what + " cannot be after end " + what + " in " + text);
                    }
                } catch (IllegalArgumentException e) {
                    yaml.problem(element, e.getMessage());
                }
            });
        }
    }

    private int weekday(String text) {
        int index = WEEKDAYS.indexOf(text.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException(text + " is not a valid weekday");
        }
        return index;
    }

    private int month(String text) {
        int index = MONTHS.indexOf(text.toLowerCase(Locale.ROOT));
        if (index >= 0) {
            return index + 1;
        }
        int number = integer(text, "month");
        if (number < 1 || number > 12) {
            throw new IllegalArgumentException(text + " is not a valid month: out of range");
        }
        return number;
    }

    private static int dayOfMonth(String text) {
        int day = integer(text, "day of the month");
        if (day == 0 || day < -31 || day > 31) {
            throw new IllegalArgumentException(text + " is not a valid day of the month: out of range");
        }
        return day;
    }

    private static int year(String text) {
        int year = integer(text, "year");
        if (year < 0) {
            throw new IllegalArgumentException(text + " is not a valid year");
        }
        return year;
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is not a valid " + what);
        }
    }

    @FunctionalInterface
    private interface ValueParser {
        int parse(String text);
    }
}
