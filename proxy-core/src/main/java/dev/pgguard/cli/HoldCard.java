package dev.pgguard.cli;

import dev.pgguard.classifier.Verdict;

import java.util.List;
import java.util.Locale;

/**
 * One hold in full, as the interactive prompt shows it before asking for a decision: who, where, how long it has
 * waited and has left, the SQL (highlighted, cut only when huge), the rules and their reasons, the bind
 * parameters and the blast radius. Everything that came from the agent is escaped ({@link Text}).
 */
final class HoldCard {

    /** Past this, the SQL is cut ("view more" has it whole): a 10 MB statement would bury the question. */
    static final int MAX_SQL_SHOWN = 10_000;
    static final int MAX_PARAMETER_SHOWN = 200;

    private static final String INDENT = "  ";
    private static final int LABEL_WIDTH = 14;

    private final Ansi ansi;
    private final SqlHighlighter highlighter;

    HoldCard(Ansi ansi) {
        this.ansi = ansi;
        this.highlighter = new SqlHighlighter(ansi);
    }

    /**
     * @param ageMs       how long the hold has waited by now
     * @param moreWaiting how many other holds wait behind this one
     */
    String render(HoldView h, long ageMs, int moreWaiting) {
        StringBuilder out = new StringBuilder();
        out.append(ansi.bold("hold " + Text.shown(h.id())));
        if (moreWaiting > 0) {
            out.append("  (").append(moreWaiting).append(" more waiting)");
        }
        out.append('\n');
        field(out, "agent", Text.shown(h.agent()));
        field(out, "database", Text.shown(h.database()));
        field(out, "session", Text.shown(h.session()) + ", client " + Text.shown(h.client()));
        field(out, "waiting", waiting(h, ageMs));
        out.append(INDENT).append("sql").append('\n');
        appendSql(out, h.sql());
        List<HoldView.Rule> rules = h.rules();
        for (int i = 0; i < rules.size(); i++) {
            field(out, i == 0 ? "rules" : "", rule(rules.get(i)));
        }
        List<String> parameters = h.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            field(out, i == 0 ? "parameters" : "", "$" + (i + 1) + " = " + parameter(parameters.get(i)));
        }
        out.append(blastRadius(h));
        return out.toString();
    }

    /** The blast radius lines alone: shown again when the figures arrive after the hold. */
    String blastRadius(HoldView h) {
        StringBuilder out = new StringBuilder();
        List<String> lines = BlastRadiusText.details(h.blastRadius());
        for (int i = 0; i < lines.size(); i++) {
            field(out, i == 0 ? "blast radius" : "", lines.get(i));
        }
        return out.toString();
    }

    private static String waiting(HoldView h, long ageMs) {
        StringBuilder text = new StringBuilder(Figures.duration(ageMs));
        if (h.createdAt() != null && h.expiresAt() != null) {
            // From the server's own two times, not this machine's clock: the two clocks may disagree.
            long total = h.expiresAt().toEpochMilli() - h.createdAt().toEpochMilli();
            long left = total - ageMs;
            text.append(left > 0 ? ", " + Figures.duration(left) + " left" : ", time is up");
        }
        if (h.inTransaction()) {
            text.append(" (inside a transaction block: its locks are held meanwhile)");
        }
        return text.toString();
    }

    private void appendSql(StringBuilder out, String sql) {
        String shown = sql.strip();
        String cut = null;
        if (shown.length() > MAX_SQL_SHOWN) {
            cut = "... (" + (shown.length() - MAX_SQL_SHOWN) + " more characters: [v]iew more shows all)";
            shown = shown.substring(0, MAX_SQL_SHOWN);
        }
        for (String line : highlighter.lines(shown)) {
            out.append(INDENT).append(INDENT).append(line).append('\n');
        }
        if (cut != null) {
            out.append(INDENT).append(INDENT).append(ansi.dim(cut)).append('\n');
        }
    }

    private String rule(HoldView.Rule r) {
        String verdict = r.verdict() == null ? "?" : r.verdict();
        String painted = Text.shown(verdict);
        for (Verdict v : Verdict.values()) {
            if (v.id().equals(verdict.toLowerCase(Locale.ROOT))) {
                painted = ansi.verdict(v, painted);
            }
        }
        return ansi.bold(Text.shown(r.id())) + " (" + painted + "): " + Text.oneLine(r.reason(), 300);
    }

    private static String parameter(String value) {
        if (value == null) {
            return "NULL";
        }
        return "'" + Text.cut(Text.printable(value), MAX_PARAMETER_SHOWN) + "'";
    }

    private void field(StringBuilder out, String label, String value) {
        out.append(INDENT).append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length())))
                .append(value).append('\n');
    }
}
