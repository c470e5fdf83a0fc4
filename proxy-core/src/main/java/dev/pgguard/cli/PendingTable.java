package dev.pgguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code pgguard pending} for a human: one row per hold, oldest first, the statement on one line. The columns are
 * as wide as their widest cell (the statement at most {@link #STATEMENT_WIDTH}); the blast radius comes last and
 * is not padded, so a long one wraps at the terminal's edge instead of pushing the others apart.
 */
final class PendingTable {

    static final int STATEMENT_WIDTH = 60;
    static final String EMPTY = "no statements are waiting for approval";

    private static final List<String> HEADER =
            List.of("ID", "AGE", "AGENT", "DATABASE", "RULES", "STATEMENT", "BLAST RADIUS");

    private final Ansi ansi;

    PendingTable(Ansi ansi) {
        this.ansi = ansi;
    }

    String render(List<HoldView> holds) {
        if (holds.isEmpty()) {
            return EMPTY + "\n";
        }
        List<List<String>> rows = new ArrayList<>();
        for (HoldView h : holds) {
            rows.add(List.of(Text.shown(h.id()), Figures.duration(h.ageMs()), Text.shown(h.agent()),
                    Text.shown(h.database()), rules(h), Text.oneLine(h.sql(), STATEMENT_WIDTH),
                    BlastRadiusText.summary(h.blastRadius())));
        }
        int[] widths = new int[HEADER.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = HEADER.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, HEADER, widths, true);
        for (List<String> row : rows) {
            appendRow(out, row, widths, false);
        }
        return out.toString();
    }

    private void appendRow(StringBuilder out, List<String> cells, int[] widths, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - width(cell) + 2));
            }
        }
        out.append(header ? ansi.bold(line.toString()) : line.toString()).append('\n');
    }

    private static String rules(HoldView h) {
        return h.rules().isEmpty() ? "-"
                : h.rules().stream().map(r -> Text.shown(r.id())).collect(Collectors.joining(","));
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
