package dev.pgguard.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Write grants for a human: {@code pgguard grants} as a table, soonest to expire first, and the one line that
 * {@code grant} and {@code grant revoke} print. The reason comes last and is not padded. What the server sends
 * (names, patterns, reasons) goes through {@link Text#shown}.
 */
final class GrantTable {

    static final String EMPTY = "no live grants";

    private static final List<String> HEADER = List.of("ID", "AGENT", "TABLES", "EXPIRES", "LEFT", "BY", "REASON");

    private GrantTable() {
    }

    static String render(List<GrantView> grants, Instant now) {
        if (grants.isEmpty()) {
            return EMPTY + "\n";
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (GrantView g : grants) {
            rows.add(List.of(Text.shown(g.id()), Text.shown(g.agent()), tables(g), g.expiresAt().toString(),
                    left(g, now), Text.shown(g.approver()), g.reason() == null ? "-" : Text.oneLine(g.reason(), 80)));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                out.append(row.get(c));
                if (c < row.size() - 1) {
                    out.append(" ".repeat(widths[c] - row.get(c).length() + 2));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code granted g1a2b3c4: agent ci may write public.orders until 2026-11-25T10:30:00Z (30m00s)}. */
    static String line(String verb, GrantView g, Instant now) {
        return verb + " " + Text.shown(g.id()) + ": agent " + Text.shown(g.agent()) + " may write " + tables(g)
                + " until " + g.expiresAt() + " (" + left(g, now) + " from now)";
    }

    static String tables(GrantView g) {
        return g.tables().isEmpty() ? "every table of its scope" : Text.shown(String.join(",", g.tables()));
    }

    private static String left(GrantView g, Instant now) {
        return Figures.duration(Duration.between(now, g.expiresAt()).toMillis());
    }
}
