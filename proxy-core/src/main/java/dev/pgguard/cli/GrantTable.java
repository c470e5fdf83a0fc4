package dev.pgguard.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Write grants for a human: {@code pgguard grants} as a table ({@link Columns}), soonest to expire first, and the
 * one line that {@code grant} and {@code grant revoke} print. The reason comes last, where a long one can wrap.
 * What the server sends (names, patterns, reasons) goes through {@link Text#shown}.
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
        return Columns.render(rows);
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
