package dev.pgguard.classifier;

import java.util.Set;

/**
 * Finds every DELETE, UPDATE and MERGE a statement would run, wherever it stands (the statement itself, a
 * CTE, EXPLAIN ANALYZE, PREPARE, a rule action, COPY (...)), and checks their WHERE clauses.
 *
 * <p>Every {@code delete} or {@code update} word counts as the start of a statement unless the word before
 * it proves otherwise: that is the fail-closed direction, an unknown context is treated as a statement.
 */
final class DmlScanner {

    /** Words after which {@code delete}/{@code update} is not a statement: FK actions, trigger and policy
     *  events, privileges, row locks, MERGE actions, a select list. */
    private static final Set<String> NOT_A_STATEMENT_AFTER = Set.of("on", "for", "key", "before", "after", "or",
            "of", "then", "grant", "revoke", "select", "distinct", "all", "by");

    private final TokenView v;
    private final AnalysisBuilder out;

    private DmlScanner(TokenView v, AnalysisBuilder out) {
        this.v = v;
        this.out = out;
    }

    /** Scans tokens [0, size) of {@code v}. Returns true when it found any data-modifying statement. */
    static boolean scan(TokenView v, AnalysisBuilder out) {
        return new DmlScanner(v, out).run();
    }

    private boolean run() {
        boolean modifies = false;
        for (int i = 0; i < v.size(); i++) {
            String w = v.word(i);
            if (w == null || !isStatementStart(i)) {
                continue;
            }
            switch (w) {
                case "delete" -> modifies |= delete(i);
                case "update" -> modifies |= update(i);
                case "insert" -> modifies |= insert(i);
                case "merge" -> modifies |= merge(i);
                default -> { }
            }
        }
        return modifies;
    }

    private boolean isStatementStart(int i) {
        if (i == 0) {
            return true;
        }
        if (v.isSymbol(i - 1, ".") || v.isSymbol(i - 1, ",") || v.isSymbol(i - 1, "::")) {
            return false;
        }
        String prev = v.word(i - 1);
        if (prev != null && NOT_A_STATEMENT_AFTER.contains(prev)) {
            return false;
        }
        // INSERT ... ON CONFLICT DO UPDATE SET: touches the conflicting row only.
        return !("do".equals(prev) && v.isWord(i, "update") && v.isWord(i + 1, "set"));
    }

    private boolean delete(int i) {
        if (!v.isWord(i + 1, "from")) {
            return false; // PostgreSQL requires DELETE FROM: anything else is not a DELETE
        }
        TableRef table = target(i + 2, true);
        checkWhere(i, "DELETE FROM " + table, Rule.DELETE_WITHOUT_WHERE, "it deletes every row of " + table);
        return true;
    }

    private boolean update(int i) {
        int end = v.endOfGroup(i);
        if (v.find("set", v.depth(i), i + 1, end) < 0) {
            return false; // no SET: a column or type named update, not an UPDATE
        }
        TableRef table = target(i + 1, true);
        checkWhere(i, "UPDATE " + table, Rule.UPDATE_WITHOUT_WHERE, "it updates every row of " + table);
        return true;
    }

    private boolean insert(int i) {
        if (!v.isWord(i + 1, "into")) {
            return false;
        }
        // ON CONFLICT reads the rows it conflicts with (and DO UPDATE may return them)
        target(i + 2, v.find("conflict", v.depth(i), i + 1, v.endOfGroup(i)) >= 0);
        return true;
    }

    private boolean merge(int i) {
        if (!v.isWord(i + 1, "into")) {
            return false;
        }
        TableRef table = target(i + 2, true);
        int end = v.endOfGroup(i);
        for (int j = i + 1; j < end; j++) {
            if (v.isWord(j, "then") && v.isWord(j + 1, "delete")) {
                out.find(Rule.MERGE_DELETE, "MERGE INTO " + table + " has a WHEN ... THEN DELETE action: "
                        + "it deletes every matched row of " + table);
                break;
            }
        }
        return true;
    }

    /**
     * The table a DML statement writes, named at {@code i} after an optional ONLY; with {@code reads} it is read
     * too, as the rows an UPDATE, DELETE or MERGE changes are first read (PostgreSQL asks for the SELECT
     * privilege as soon as a WHERE, SET or RETURNING looks at a column).
     */
    private TableRef target(int i, boolean reads) {
        TableRef table = QualifiedName.at(v, v.isWord(i, "only") ? i + 1 : i);
        out.write(table);
        if (reads) {
            out.read(table);
        }
        return table;
    }

    /**
     * The WHERE of the DML starting at {@code i}: at its own depth, before its RETURNING, and not a column
     * alias ({@code RETURNING 1 AS where} is legal and would otherwise pass for a WHERE).
     */
    private void checkWhere(int i, String what, Rule missing, String consequence) {
        int d = v.depth(i);
        int end = v.endOfGroup(i);
        int returning = v.find("returning", d, i + 1, end);
        int stop = returning < 0 ? end : returning;
        int where = -1;
        for (int j = i + 1; j < stop; j++) {
            if (v.depth(j) == d && v.isWord(j, "where") && !v.isWord(j - 1, "as")) {
                where = j;
                break;
            }
        }
        if (where < 0) {
            out.find(missing, what + " has no WHERE clause: " + consequence);
            return;
        }
        if (v.isWord(where + 1, "current") && v.isWord(where + 2, "of")) {
            return; // one row, the cursor's
        }
        switch (WhereCondition.read(v.slice(where + 1, stop), v.maxDepth(where + 1, stop) - d)) {
            case TAUTOLOGICAL -> out.find(Rule.TAUTOLOGICAL_WHERE, what + " has a WHERE clause that does not "
                    + "depend on the row: " + consequence + " (or none)");
            case UNPARSEABLE -> out.find(Rule.UNANALYSABLE, what + ": pgguard cannot read its WHERE clause (the "
                    + "parser refuses it, or it is nested or long beyond what pgguard parses), so it cannot tell which "
                    + "rows it touches");
            case ROW_DEPENDENT -> { }
        }
    }
}
