package dev.pgguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A blast radius in words: one summary for a table cell ({@code users: ~120k rows, 9 MB; cascades 2}) and the
 * detail lines for the prompt. Rows are estimates (pg_class statistics, EXPLAIN), hence the {@code ~}.
 */
final class BlastRadiusText {

    private BlastRadiusText() {
    }

    static String summary(BlastRadiusView b) {
        if (b == null) {
            return "-";
        }
        switch (b.status()) {
            case "pending":
                return "measuring...";
            case "timeout":
                return "not measured: timed out";
            case "error":
                return "not measured: " + (b.notes().isEmpty() ? "error" : Text.oneLine(b.notes().get(0), 40));
            case "ok":
                break;
            default:
                return Text.shown(b.status());
        }
        List<String> parts = new ArrayList<>();
        if (!b.tables().isEmpty()) {
            parts.add(b.tables().stream().map(BlastRadiusText::table).collect(Collectors.joining("; ")));
        }
        if (b.databaseBytes() != null) {
            parts.add("database " + Figures.size(b.databaseBytes()));
        }
        if (!b.cascade().isEmpty()) {
            parts.add("cascades " + b.cascade().size());
        }
        return parts.isEmpty() ? "nothing measured" : String.join("; ", parts);
    }

    /** The summary, then one line per cascaded object and per note. */
    static List<String> details(BlastRadiusView b) {
        List<String> lines = new ArrayList<>();
        lines.add(summary(b));
        if (b == null) {
            return lines;
        }
        for (BlastRadiusView.Cascade c : b.cascade()) {
            lines.add("cascades to " + Text.shown(c.kind()) + " " + Text.shown(c.name()));
        }
        for (String note : b.notes()) {
            lines.add(Text.oneLine(note, 200));
        }
        return lines;
    }

    private static String table(BlastRadiusView.Table t) {
        StringBuilder text = new StringBuilder(Text.shown(shortName(t.name()))).append(':');
        String sep = " ";
        if (t.rows() != null && t.rows() >= 0) { // -1: PostgreSQL has no statistics yet
            text.append(sep).append('~').append(Figures.count(t.rows())).append(" rows");
            sep = ", ";
        }
        if (t.bytes() != null) {
            text.append(sep).append(Figures.size(t.bytes()));
            sep = ", ";
        }
        if (t.rowsAffected() != null && t.rowsAffected() >= 0 && !t.rowsAffected().equals(t.rows())) {
            text.append(sep).append('~').append(Figures.count(t.rowsAffected())).append(" affected");
            sep = ", ";
        }
        if (sep.equals(" ")) {
            text.append(" no figures");
        }
        return text.toString();
    }

    /** {@code public.users} is {@code users} to anyone reading it; other schemas stay. */
    private static String shortName(String name) {
        return name.startsWith("public.") ? name.substring("public.".length()) : name;
    }
}
