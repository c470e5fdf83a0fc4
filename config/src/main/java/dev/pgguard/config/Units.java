package dev.pgguard.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 250ms}, {@code 5s}) and sizes in PostgreSQL's 1024-based convention ({@code 16MB}). */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("([0-9]+) ?(B|kB|KB|KiB|MB|MiB|GB|GiB)?");
    /** Far above any sensible timeout, and far below where {@code toNanos()} in the timers would overflow. */
    private static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    private static final long GB = 1024 * MB;

    /** Largest unit first: formatting picks the first that divides exactly. */
    private static final Map<String, ChronoUnit> DURATION_UNITS = new LinkedHashMap<>();
    static {
        DURATION_UNITS.put("d", ChronoUnit.DAYS);
        DURATION_UNITS.put("h", ChronoUnit.HOURS);
        DURATION_UNITS.put("m", ChronoUnit.MINUTES);
        DURATION_UNITS.put("s", ChronoUnit.SECONDS);
        DURATION_UNITS.put("ms", ChronoUnit.MILLIS);
    }

    private Units() {
    }

    /** A positive duration; a bare number is refused because "30" could mean seconds or milliseconds. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a whole number with a unit: ms, s, m, h or d"
                    + " (for example 5s), got '" + text + "'");
        }
        try {
            Duration d = Duration.of(Long.parseLong(m.group(1)), DURATION_UNITS.get(m.group(2)));
            if (d.isZero()) {
                throw new IllegalArgumentException("must be greater than 0, got '" + text + "'");
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("must be at most 365d, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too large: '" + text + "'");
        }
    }

    /** Bytes; a bare number is bytes, as in PostgreSQL. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a whole number of bytes, optionally with a unit:"
                    + " B, kB, MB or GB (1024-based; KB, KiB, MiB and GiB also accepted), got '" + text + "'");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier(m.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too large: '" + text + "'");
        }
    }

    static String formatDuration(Duration d) {
        for (Map.Entry<String, ChronoUnit> unit : DURATION_UNITS.entrySet()) {
            if (!d.isZero() && d.truncatedTo(unit.getValue()).equals(d)) {
                return d.dividedBy(unit.getValue().getDuration()) + unit.getKey();
            }
        }
        return d.toString(); // below a millisecond: only reachable from code, not from YAML
    }

    static String formatSize(long bytes) {
        if (bytes != 0 && bytes % GB == 0) {
            return bytes / GB + "GB";
        }
        if (bytes != 0 && bytes % MB == 0) {
            return bytes / MB + "MB";
        }
        if (bytes != 0 && bytes % KB == 0) {
            return bytes / KB + "kB";
        }
        return bytes + "B";
    }

    private static long multiplier(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit) {
            case "kB", "KB", "KiB" -> KB;
            case "MB", "MiB" -> MB;
            case "GB", "GiB" -> GB;
            default -> 1; // "B"
        };
    }
}
