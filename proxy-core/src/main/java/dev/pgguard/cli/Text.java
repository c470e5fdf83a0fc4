package dev.pgguard.cli;

import java.util.Locale;

/**
 * Someone else's text (SQL, agent and database names, reasons) made safe and short for a terminal: control and
 * format characters escaped ({@link #printable}), so that nothing the agent sent can move the cursor
 * or recolour the approver's screen.
 */
final class Text {

    static final String ELLIPSIS = "...";

    private Text() {
    }

    /** Printable, or {@code -} for null or empty. */
    static String shown(String text) {
        return text == null || text.isEmpty() ? "-" : printable(text);
    }

    /** One line: every run of white space (newlines included) becomes one space, then cut to {@code max}. */
    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return cut(printable(flat), max);
    }

    /** At most {@code max} characters, the last three {@code ...} when cut; never splits a surrogate pair. */
    static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int keep = Math.max(0, max - ELLIPSIS.length());
        return text.substring(0, text.offsetByCodePoints(0, keep)) + ELLIPSIS;
    }

    /** The text with every control and format character (but tab) written as an escape. */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean hidden = cp != '\t' && (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT);
            if (hidden && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (hidden) {
                out.append(cp <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04x", cp)
                        : String.format(Locale.ROOT, "\\U%08x", cp));
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out == null ? text : out.toString();
    }
}
