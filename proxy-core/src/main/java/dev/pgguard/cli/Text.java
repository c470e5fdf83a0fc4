package dev.pgguard.cli;

/**
 * Someone else's text (SQL, agent and database names, reasons) made safe and short for a terminal: control and
 * format characters escaped ({@link CheckReport#printable}), so that nothing the agent sent can move the cursor
 * or recolour the approver's screen.
 */
final class Text {

    static final String ELLIPSIS = "...";

    private Text() {
    }

    /** Printable, or {@code -} for null or empty. */
    static String shown(String text) {
        return text == null || text.isEmpty() ? "-" : CheckReport.printable(text);
    }

    /** One line: every run of white space (newlines included) becomes one space, then cut to {@code max}. */
    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return cut(CheckReport.printable(flat), max);
    }

    /** At most {@code max} characters, the last three {@code ...} when cut; never splits a surrogate pair. */
    static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int keep = Math.max(0, max - ELLIPSIS.length());
        return text.substring(0, text.offsetByCodePoints(0, keep)) + ELLIPSIS;
    }
}
