package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the names a WITH clause defines are visible, so that a FROM naming one reads no table while the same
 * name elsewhere still names a table. PostgreSQL's rules: a WITH query is visible in the statement its WITH
 * belongs to and in the WITH queries after it; with RECURSIVE, in every WITH query of the list, its own
 * included. So in {@code WITH users AS (SELECT * FROM users) ...} the inner {@code users} is the table.
 */
final class CteScopes {

    /** A WITH query's name, visible to the tokens in [from, to). */
    private record Cte(String name, int from, int to) {
    }

    private final List<Cte> ctes;

    private CteScopes(List<Cte> ctes) {
        this.ctes = ctes;
    }

    static CteScopes of(TokenView v) {
        List<Cte> ctes = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (v.isWord(i, "with")) {
                withClause(v, i, ctes);
            }
        }
        return new CteScopes(ctes);
    }

    /** Whether {@code name}, unqualified, at token {@code i} is a WITH query rather than a table. */
    boolean isCte(String name, int i) {
        for (Cte c : ctes) {
            if (c.from() <= i && i < c.to() && c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (query) [, ...]}; any other WITH (options,
     * ORDINALITY, TIME ZONE, CHECK OPTION, ...) does not have that shape and adds nothing.
     */
    private static void withClause(TokenView v, int with, List<Cte> out) {
        boolean recursive = v.isWord(with + 1, "recursive");
        int listStart = with + (recursive ? 2 : 1);
        int scopeEnd = v.endOfGroup(with);
        int item = listStart;
        while (true) {
            int close = body(v, item);
            if (close < 0) {
                return;
            }
            out.add(new Cte(v.get(item).text(), recursive ? listStart : close + 1, scopeEnd));
            if (!v.isSymbol(close + 1, ",")) {
                return;
            }
            item = close + 2;
        }
    }

    /** The closing parenthesis of the body of the WITH query named at {@code i}, or -1 if none is there. */
    private static int body(TokenView v, int i) {
        if (!v.isName(i)) {
            return -1;
        }
        int j = i + 1;
        if (v.isSymbol(j, "(")) {
            j = v.closing(j) + 1;
        }
        if (!v.isWord(j, "as")) {
            return -1;
        }
        j++;
        if (v.isWord(j, "not")) {
            j++;
        }
        if (v.isWord(j, "materialized")) {
            j++;
        }
        return v.isSymbol(j, "(") ? v.closing(j) : -1;
    }
}
