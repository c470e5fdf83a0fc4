package dev.pgguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code pgguard pending} for a human: one row per hold, oldest first, the statement on one line (at most
 * {@link #STATEMENT_WIDTH}), in {@link Columns}; the blast radius comes last, where a long one can wrap.
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
        rows.add(HEADER);
        for (HoldView h : holds) {
            rows.add(List.of(Text.shown(h.id()), Figures.duration(h.ageMs()), Text.shown(h.agent()),
                    Text.shown(h.database()), rules(h), Text.oneLine(h.sql(), STATEMENT_WIDTH),
                    BlastRadiusText.summary(h.blastRadius())));
        }
        return Columns.render(rows, ansi::bold);
    }

    private static String rules(HoldView h) {
        return h.rules().isEmpty() ? "-"
                : h.rules().stream().map(r -> Text.shown(r.id())).collect(Collectors.joining(","));
    }
}
