package dev.pgguard.classifier;

import java.util.HashSet;
import java.util.Set;

/**
 * The tables a query reads, found on the tokens: the names in FROM lists, after JOIN and after USING of
 * DELETE and MERGE. CTE names are not tables. Table functions ({@code FROM generate_series(...)}) and
 * subqueries are skipped, and so are the FROMs that belong to function syntax ({@code extract(x FROM y)},
 * {@code IS DISTINCT FROM}).
 */
final class ReadTables {

    /** Functions whose arguments use FROM as a key word. */
    private static final Set<String> FROM_FUNCTIONS = Set.of("extract", "substring", "trim", "overlay",
            "position", "normalize");
    /** Words that end a FROM list (JOIN ... ON ... does not: a comma may follow it). */
    private static final Set<String> LIST_END = Set.of("where", "group", "having", "window", "order", "limit",
            "offset", "fetch", "for", "union", "intersect", "except", "returning", "when", "then", "set", "into",
            "values", "do", "select");
    /** Words that can follow FROM, JOIN or USING and are not a table's name. */
    private static final Set<String> NOT_A_NAME = Set.of("lateral", "only", "select", "values", "with", "rows",
            "natural", "cross", "inner", "left", "right", "full", "join", "on", "using", "where", "stdin", "stdout",
            "program");

    private ReadTables() {
    }

    static void collect(TokenView v, AnalysisBuilder out) {
        Set<String> ctes = cteNames(v);
        for (int i = 0; i < v.size(); i++) {
            String w = v.word(i);
            if (w == null) {
                continue;
            }
            boolean listStart = w.equals("from") && !v.isWord(i - 1, "delete") && !v.isWord(i - 1, "distinct")
                    && !insideFromFunction(v, i);
            if (listStart) {
                fromList(v, i + 1, ctes, out);
            } else if (w.equals("join") || w.equals("using") && !v.isSymbol(i + 1, "(")) {
                read(v, i + 1 + (v.isWord(i + 1, "only") ? 1 : 0), ctes, out);
            }
        }
    }

    private static void fromList(TokenView v, int i, Set<String> ctes, AnalysisBuilder out) {
        int d = v.depth(i - 1);
        while (i < v.size()) {
            if (v.isWord(i, "only") || v.isWord(i, "lateral")) {
                i++;
            }
            read(v, i, ctes, out);
            // skip to the next top-level comma of this list, or stop at a clause word
            int j = i;
            while (j < v.size() && v.depth(j) >= d) {
                if (v.depth(j) == d && (v.isSymbol(j, ",") || v.isSymbol(j, ")") || v.isSymbol(j, ";"))) {
                    break;
                }
                if (j > i && v.depth(j) == d && v.word(j) != null && LIST_END.contains(v.word(j))) {
                    return;
                }
                j++;
            }
            if (!v.isSymbol(j, ",")) {
                return;
            }
            i = j + 1;
        }
    }

    private static void read(TokenView v, int i, Set<String> ctes, AnalysisBuilder out) {
        TableRef t = QualifiedName.at(v, i);
        if (t == null || v.isSymbol(QualifiedName.end(v, i), "(")) {
            return; // a subquery or a table function
        }
        if (t.schema() == null && ctes.contains(t.name())) {
            return;
        }
        if (v.get(i).kind() == TokenKind.KEYWORD_OR_IDENTIFIER && NOT_A_NAME.contains(t.name())
                && t.schema() == null) {
            return;
        }
        out.read(t);
    }

    private static boolean insideFromFunction(TokenView v, int i) {
        int d = v.depth(i);
        if (d == 0) {
            return false;
        }
        for (int j = i - 1; j >= 0; j--) {
            if (v.isSymbol(j, "(") && v.depth(j) == d - 1) {
                String f = v.word(j - 1);
                return f != null && FROM_FUNCTIONS.contains(f);
            }
        }
        return false;
    }

    /** Names defined by WITH: {@code name [(cols)] AS [NOT] [MATERIALIZED] (}. */
    private static Set<String> cteNames(TokenView v) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 2 < v.size(); i++) {
            if (!v.isName(i)) {
                continue;
            }
            int j = i + 1;
            if (v.isSymbol(j, "(")) {
                j = v.endOfGroup(j + 1) + 1;
            }
            if (v.isWord(j, "as")) {
                int k = j + 1;
                if (v.isWord(k, "not")) {
                    k++;
                }
                if (v.isWord(k, "materialized")) {
                    k++;
                }
                if (v.isSymbol(k, "(")) {
                    names.add(v.get(i).text());
                }
            }
        }
        return names;
    }
}
