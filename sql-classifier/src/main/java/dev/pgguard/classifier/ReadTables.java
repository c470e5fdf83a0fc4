package dev.pgguard.classifier;

import java.util.Set;

/**
 * The tables a query reads, found on the tokens: the names in FROM lists (parenthesised joins included), after
 * JOIN, in the USING list of DELETE and MERGE, and after TABLE ({@code TABLE t}, also as a subquery or after
 * UNION). Names of WITH queries are not tables where they are visible ({@link CteScopes}). Table functions
 * ({@code FROM generate_series(...)}) and subqueries are skipped, and so are the FROMs that belong to function
 * syntax ({@code extract(x FROM y)}, {@code IS DISTINCT FROM}).
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
    /** Words before TABLE that make it part of CREATE TABLE or SELECT INTO TABLE, not the TABLE query. */
    private static final Set<String> NOT_A_QUERY_AFTER = Set.of("create", "temp", "temporary", "unlogged", "global",
            "local", "foreign", "into");
    /** The words a parenthesised subquery starts with. */
    private static final Set<String> SUBQUERY_START = Set.of("select", "values", "with", "table");

    private ReadTables() {
    }

    static void collect(TokenView v, AnalysisBuilder out) {
        CteScopes ctes = CteScopes.of(v);
        for (int i = 0; i < v.size(); i++) {
            String w = v.word(i);
            if (w == null) {
                continue;
            }
            boolean listStart = w.equals("from") && !v.isWord(i - 1, "delete") && !v.isWord(i - 1, "distinct")
                    && !insideFromFunction(v, i);
            if (listStart || w.equals("using") && v.isName(i + 1)) { // not JOIN ... USING (cols)
                fromList(v, i + 1, ctes, out);
            } else if (w.equals("join") || w.equals("table") && isTableQuery(v, i)) {
                read(v, i + 1 + (v.isWord(i + 1, "only") ? 1 : 0), ctes, out);
            }
        }
    }

    private static void fromList(TokenView v, int i, CteScopes ctes, AnalysisBuilder out) {
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

    /** The table named at {@code i}, or the first of a parenthesised join ({@code FROM (a JOIN b ON ...)}). */
    private static void read(TokenView v, int i, CteScopes ctes, AnalysisBuilder out) {
        while (v.isSymbol(i, "(")) {
            i++;
        }
        if (v.word(i) != null && SUBQUERY_START.contains(v.word(i))) {
            return; // a subquery: its own FROM and TABLE are found where they stand
        }
        TableRef t = QualifiedName.at(v, i);
        if (t == null || v.isSymbol(QualifiedName.end(v, i), "(")) {
            return; // a table function
        }
        if (t.schema() == null && ctes.isCte(t.name(), i)) {
            return;
        }
        if (v.get(i).kind() == TokenKind.KEYWORD_OR_IDENTIFIER && NOT_A_NAME.contains(t.name())
                && t.schema() == null) {
            return;
        }
        out.read(t);
    }

    private static boolean isTableQuery(TokenView v, int table) {
        String prev = v.word(table - 1);
        return prev == null || !NOT_A_QUERY_AFTER.contains(prev);
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
}
