package dev.pgguard.cli;

import java.util.Locale;

/** Numbers for a human: short durations, approximate row counts and sizes, each a few characters wide. */
final class Figures {

    private static final String[] COUNT_UNITS = {"", "k", "M", "G", "T"};
    /** Binary multiples with PostgreSQL's labels, as {@code pg_size_pretty} shows them to the same people. */
    private static final String[] SIZE_UNITS = {" bytes", " kB", " MB", " GB", " TB", " PB"};

    private Figures() {
    }

    /** {@code 12s}, {@code 4m05s}, {@code 2h03m}, {@code 3d04h}; negative counts as zero. */
    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    /** {@code 950}, {@code 1.5k}, {@code 120k}, {@code 2.5M}: row estimates are not exact, so neither is this. */
    static String count(long n) {
        return scaled(n, 1000, COUNT_UNITS, "");
    }

    /** {@code 512 bytes}, {@code 1.5 kB}, {@code 9 MB}. */
    static String size(long bytes) {
        return scaled(bytes, 1024, SIZE_UNITS, " bytes");
    }

    private static String scaled(long n, int base, String[] units, String unitOfOne) {
        if (n < base) {
            return n + unitOfOne;
        }
        double value = n;
        int unit = 0;
        while (unit < units.length - 1 && Math.round(value * 10) / 10.0 >= base) {
            value /= base;
            unit++;
        }
        // One decimal only where it says something (1.5k, not 120.3k), and never a trailing ".0".
        String text = value < 9.95 ? String.format(Locale.ROOT, "%.1f", value) : String.valueOf(Math.round(value));
        if (text.endsWith(".0")) {
            text = text.substring(0, text.length() - 2);
        }
        return text + units[unit];
    }
}
