package dev.pgguard.cli;

import dev.pgguard.classifier.Verdict;

import java.util.function.UnaryOperator;

/**
 * Colours for the command line, or none: only on a terminal, and never when {@code NO_COLOR} is set to anything
 * but the empty string (https://no-color.org). Piped output stays plain text for scripts and diffs.
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

    /**
     * As {@link #of(boolean, String)}, and also plain under {@code TERM=dumb} (an editor's shell buffer, some CI
     * consoles): a terminal that says it cannot show escape sequences would print them as garbage.
     */
    static Ansi of(boolean terminal, UnaryOperator<String> env) {
        return "dumb".equals(env.apply("TERM")) ? new Ansi(false) : of(terminal, env.apply("NO_COLOR"));
    }

    boolean enabled() {
        return on;
    }

    String verdict(Verdict verdict, String text) {
        return switch (verdict) {
            case ALLOW -> green(text);
            case HOLD -> yellow(text);
            case DENY -> red(text);
        };
    }

    String bold(String text) {
        return paint("\u001b[1m", text);
    }

    String dim(String text) {
        return paint("\u001b[2m", text);
    }

    String red(String text) {
        return paint("\u001b[31m", text);
    }

    String green(String text) {
        return paint("\u001b[32m", text);
    }

    String yellow(String text) {
        return paint("\u001b[33m", text);
    }

    String blue(String text) {
        return paint("\u001b[34m", text);
    }

    String magenta(String text) {
        return paint("\u001b[35m", text);
    }

    String cyan(String text) {
        return paint("\u001b[36m", text);
    }

    private String paint(String code, String text) {
        return on && !text.isEmpty() ? code + text + RESET : text;
    }
}
