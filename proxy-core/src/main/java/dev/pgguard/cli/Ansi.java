package dev.pgguard.cli;

import dev.pgguard.classifier.Verdict;

/**
 * Colours for {@code pgguard check}, or none: only on a terminal, and never when {@code NO_COLOR} is set to
 * anything but the empty string (https://no-color.org). Piped output stays plain text for scripts and diffs.
 */
final class Ansi {

    private static final String RESET = "\u001b[0m";

    private final boolean on;

    private Ansi(boolean on) {
        this.on = on;
    }

    /**
     * @param terminal whether standard output is a terminal ({@code System.console() != null})
     * @param noColor  the value of {@code NO_COLOR}, null when unset
     */
    static Ansi of(boolean terminal, String noColor) {
        return new Ansi(terminal && (noColor == null || noColor.isEmpty()));
    }

    String verdict(Verdict verdict, String text) {
        return paint(switch (verdict) {
            case ALLOW -> "\u001b[32m"; // green
            case HOLD -> "\u001b[33m";  // yellow
            case DENY -> "\u001b[31m";  // red
        }, text);
    }

    String bold(String text) {
        return paint("\u001b[1m", text);
    }

    String dim(String text) {
        return paint("\u001b[2m", text);
    }

    private String paint(String code, String text) {
        return on ? code + text + RESET : text;
    }
}
