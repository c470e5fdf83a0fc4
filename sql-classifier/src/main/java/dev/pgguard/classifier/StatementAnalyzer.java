package dev.pgguard.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Analyses one statement from its tokens: what it is (by its first word), which rules apply, which tables it
 * names, whether it can write. Wrappers (EXPLAIN, PREPARE, COPY (...), CREATE RULE ... DO) are peeled and
 * their inner statements analysed the same way. See the module README for the reasoning.
 */
final class StatementAnalyzer {

    private static final Set<String> TRANSACTION_WORDS = Set.of("begin", "start", "commit", "end", "rollback",
            "abort", "savepoint", "release");
    // The first words that run() and other() read with code of their own (SET, CREATE, DISCARD ...) are not in these.
    private static final Set<String> READ_ONLY_UTILITY = Set.of("show", "listen", "unlisten", "notify", "fetch",
            "move", "close");
    private static final Set<String> WRITING_UTILITY = Set.of("vacuum", "analyze", "analyse", "cluster", "reindex",
            "refresh", "lock", "load", "checkpoint", "import");
    private static final Set<String> DDL_WORDS = Set.of("comment", "grant", "revoke", "security", "reassign");
    private static final Set<String> QUERY_WORDS = Set.of("select", "with", "values", "table", "insert", "update",
            "delete", "merge");
    /** Settings through which a session could leave read-only mode or change who it is. */
    private static final Set<String> WRITE_ENABLING_SETTINGS = Set.of("transaction_read_only",
            "default_transaction_read_only", "session_authorization", "role", "session");
    /** Functions known to change something: what makes a SELECT able to write. */
    private static final Set<String> WRITING_FUNCTIONS = Set.of("nextval", "setval", "set_config",
            "pg_advisory_lock", "pg_advisory_xact_lock", "pg_try_advisory_lock", "pg_try_advisory_xact_lock",
            "pg_advisory_lock_shared", "pg_advisory_xact_lock_shared", "lo_create", "lo_creat", "lo_import",
            "lo_export", "lo_unlink", "lo_put", "lo_from_bytea", "lowrite", "lo_truncate", "dblink", "dblink_exec",
            "dblink_send_query", "dblink_open", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
            "pg_rotate_logfile", "pg_promote", "pg_switch_wal", "pg_create_restore_point",
            "pg_drop_replication_slot", "pg_create_physical_replication_slot",
            "pg_create_logical_replication_slot", "pg_replication_origin_drop", "pg_file_write",
            "pg_file_unlink", "pg_file_rename", "pg_notify", "txid_current", "pg_current_xact_id",
            "pg_import_system_collations", "pg_logical_emit_message", "pg_stat_reset");
    /**
     * Built-in functions that read tables the statement does not name: they run a query given as text
     * ({@code query_to_xml('SELECT * FROM t', ...)}, {@code ts_stat}), read a relation or a whole schema given as
     * a value ({@code table_to_xml('t'::regclass, ...)}), or every table's decoded changes (logical slots).
     */
    private static final Set<String> QUERYING_FUNCTIONS = Set.of("query_to_xml", "query_to_xmlschema",
            "query_to_xml_and_xmlschema", "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
            "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema", "database_to_xml",
            "database_to_xmlschema", "database_to_xml_and_xmlschema", "ts_stat", "ts_rewrite",
            "pg_logical_slot_get_changes", "pg_logical_slot_peek_changes", "pg_logical_slot_get_binary_changes",
            "pg_logical_slot_peek_binary_changes");
    /** The words between LOCK or REFRESH and the names they act on. */
    private static final Set<String> LOCK_OR_REFRESH_WORDS = Set.of("table", "materialized", "view", "concurrently");
    private static final int MAX_INNER_DEPTH = 16;
    /** The words of a DROP's object type after its first ({@code MATERIALIZED VIEW}, {@code TEXT SEARCH ...}). */
    private static final Set<String> OBJECT_TYPE_WORDS = Set.of("view", "table", "wrapper", "data", "search",
            "configuration", "dictionary", "parser", "template", "trigger", "method", "mapping", "class", "family",
            "for", "by");
    /** DROPs of these remove a table's (or a table-like object's) data: its name counts as written. */
    private static final Set<String> RELATION_TYPES = Set.of("TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE",
            "INDEX", "FOREIGN TABLE");
    /** What may stand between CREATE (or SELECT ... INTO) and TABLE. */
    private static final Set<String> TABLE_QUALIFIERS = Set.of("temp", "temporary", "unlogged", "global", "local",
            "foreign", "materialized", "table");

    private final TokenView v;
    private final AnalysisBuilder out = new AnalysisBuilder();
    private final int nesting;
    /** Function calls and EXECUTEs count up to here: not inside a statement EXPLAIN only plans. */
    private int callsEnd;

    private StatementAnalyzer(List<Token> tokens, int nesting) {
        this.v = new TokenView(tokens);
        this.nesting = nesting;
        this.callsEnd = tokens.size();
    }

    static Analysis analyze(List<Token> tokens) {
        return analyze(tokens, 0);
    }

    private static Analysis analyze(List<Token> tokens, int nesting) {
        if (tokens.isEmpty()) {
            return new AnalysisBuilder().kind(StatementKind.UTILITY, false).build();
        }
        if (nesting > MAX_INNER_DEPTH) {
            return Analysis.unanalysable("statement wrappers nested more than " + MAX_INNER_DEPTH + " deep");
        }
        StatementAnalyzer a = new StatementAnalyzer(tokens, nesting);
        a.run();
        return a.out.build();
    }

    private void run() {
        int first = v.firstWord();
        String w = first < 0 ? "" : v.word(first);
        switch (w) {
            case "drop" -> drop(first);
            case "truncate" -> truncate(first);
            case "alter" -> alter(first);
            case "do" -> doBlock();
            case "create" -> create(first);
            case "copy" -> copy(first);
            case "explain" -> explain(first);
            case "prepare" -> prepare(first);
            case "execute" -> out.kind(StatementKind.UTILITY, true);
            case "call" -> out.kind(StatementKind.OPAQUE_CODE, true);
            case "declare" -> query(first, StatementKind.UTILITY);
            case "set", "reset" -> {
                out.kind(StatementKind.UTILITY, enablesWrites());
                out.tablesKnown = true;
            }
            default -> other(first, w);
        }
        functionsAndExecutes();
        calls();
        out.changesIdentity = IdentityChange.of(v, out);
    }

    private void other(int first, String w) {
        if (QUERY_WORDS.contains(w)) {
            query(first, StatementKind.READ);
        } else if (TRANSACTION_WORDS.contains(w)) {
            // COMMIT PREPARED / ROLLBACK PREPARED finish another session's two-phase transaction
            out.kind(StatementKind.TRANSACTION_CONTROL, enablesWrites() || v.isWord(first + 1, "prepared"));
            out.tablesKnown = !v.isWord(first + 1, "prepared"); // what the other transaction wrote is not here
        } else if (w.equals("discard")) {
            out.kind(StatementKind.UTILITY, false);
            out.tablesKnown = true;
            if (v.isWord(first + 1, "all")) {
                out.deallocates = Analysis.ALL;
            }
        } else if (w.equals("deallocate")) {
            out.kind(StatementKind.UTILITY, false);
            out.tablesKnown = true;
            int name = first + 1 + (v.isWord(first + 1, "prepare") ? 1 : 0);
            out.deallocates = v.isWord(name, "all") ? Analysis.ALL : v.isName(name) ? v.get(name).text() : null;
        } else if (READ_ONLY_UTILITY.contains(w)) {
            out.kind(StatementKind.UTILITY, false);
            out.tablesKnown = true;
        } else if (WRITING_UTILITY.contains(w)) {
            out.kind(StatementKind.UTILITY, true);
            DmlScanner.scan(v, out);
            if (w.equals("lock") || w.equals("refresh")) {
                names(v.skipWords(first + 1, LOCK_OR_REFRESH_WORDS), true);
                out.tablesKnown = true;
            }
        } else if (DDL_WORDS.contains(w)) {
            out.kind(StatementKind.DDL, true);
        } else {
            // A statement pgguard does not know (or one starting with a string or a symbol): it may write, and
            // whatever DELETE or UPDATE it carries is still looked at.
            out.kind(StatementKind.UTILITY, true);
            DmlScanner.scan(v, out);
        }
    }

    /** SELECT, WITH, VALUES, TABLE, INSERT, UPDATE, DELETE, MERGE, DECLARE ... CURSOR FOR. */
    private void query(int first, StatementKind readKind) {
        out.tablesKnown = true;
        boolean modifies = DmlScanner.scan(v, out);
        ReadTables.collect(v, out);
        boolean locks = false;
        int into = -1;
        for (int i = 0; i < v.size(); i++) {
            if (v.isWord(i, "for") && (v.isWord(i + 1, "update") || v.isWord(i + 1, "share")
                    || v.isWord(i + 1, "no") || v.isWord(i + 1, "key"))) {
                locks = true;
            }
            if (into < 0 && v.isWord(i, "into") && v.depth(i) == v.depth(first) && !v.isWord(i - 1, "insert")
                    && !v.isWord(i - 1, "merge") && v.isWord(first, "select")) {
                into = i;
            }
        }
        if (into >= 0) {
            out.write(QualifiedName.at(v, v.skipWords(into + 1, TABLE_QUALIFIERS)));
            out.kind(StatementKind.DDL, true);
            return;
        }
        if (locks) {
            // a row lock asks for the UPDATE privilege: what it locks counts as written
            List.copyOf(out.reads).forEach(out::write);
        }
        out.kind(modifies ? StatementKind.WRITE : readKind, modifies || locks);
    }

    private void drop(int first) {
        out.kind(StatementKind.DDL, true);
        int i = first + 1;
        StringBuilder type = new StringBuilder(v.word(i) == null ? "" : v.word(i++).toUpperCase(Locale.ROOT));
        while (v.word(i) != null && OBJECT_TYPE_WORDS.contains(v.word(i))) {
            type.append(' ').append(v.word(i++).toUpperCase(Locale.ROOT));
        }
        if (v.isWord(i, "concurrently")) {
            i++;
        }
        if (v.isWord(i, "if") && v.isWord(i + 1, "exists")) {
            i += 2;
        }
        boolean relation = RELATION_TYPES.contains(type.toString());
        String names = names(i, relation);
        out.tablesKnown = relation && !cascades(); // CASCADE also drops what depends on it, wherever it is
        out.find(Rule.DROP, ("DROP " + type + " " + names).trim() + ": removes " + (names.isEmpty() ? "the object" : "it")
                + " and everything in it, and cannot be undone");
    }

    private void truncate(int first) {
        out.kind(StatementKind.WRITE, true);
        String names = names(v.isWord(first + 1, "table") ? first + 2 : first + 1, true);
        out.tablesKnown = !cascades(); // CASCADE also truncates every table that references these
        out.find(Rule.TRUNCATE, "TRUNCATE " + names + ": removes every row at once, without per-row triggers");
    }

    /**
     * The list of names a DROP or TRUNCATE acts on, from {@code i}: {@code [ONLY] name [*] [(args)] [, ...]};
     * with {@code tables} they count as written. Returns them as text for the reason.
     */
    private String names(int i, boolean tables) {
        StringBuilder names = new StringBuilder();
        while (true) {
            if (v.isWord(i, "only")) {
                i++;
            }
            TableRef t = QualifiedName.at(v, i);
            if (t == null) {
                return names.toString();
            }
            if (tables) {
                out.write(t);
            }
            names.append(names.length() == 0 ? "" : ", ").append(t);
            i = QualifiedName.end(v, i);
            if (v.isSymbol(i, "*")) {
                i++;
            }
            if (v.isSymbol(i, "(")) {
                i = v.endOfGroup(i + 1) + 1; // a function's argument list
            }
            if (!v.isSymbol(i, ",")) {
                return names.toString();
            }
            i++;
        }
    }

    private void alter(int first) {
        out.kind(StatementKind.DDL, true);
        if (v.isWord(first + 1, "table") || v.isWord(first + 1, "foreign") || v.isWord(first + 1, "materialized")) {
            int i = first + 2;
            while (v.isWord(i, "table") || v.isWord(i, "view") || v.isWord(i, "only")) {
                i++;
            }
            if (v.isWord(i, "if") && v.isWord(i + 1, "exists")) {
                i += 2;
            }
            if (v.isWord(i, "only")) {
                i++;
            }
            out.write(QualifiedName.at(v, i));
        }
        for (int i = first + 1; i < v.size(); i++) {
            if (!v.isWord(i, "drop") || harmlessAlterDrop(i)) {
                continue;
            }
            StringBuilder what = new StringBuilder("DROP");
            for (int j = i + 1; j < Math.min(v.size(), i + 4) && !v.isSymbol(j, ","); j++) {
                // literals as placeholders: the reason is cached by fingerprint, shown for other values too
                Fingerprint.render(v.get(j), what.append(' '));
            }
            out.find(Rule.ALTER_DROP, "ALTER ... " + what + ": removes part of the object, and the data in it");
            break;
        }
        DmlScanner.scan(v, out);
    }

    /** {@code DROP DEFAULT}, {@code DROP NOT NULL}, and a column's {@code DROP IDENTITY | EXPRESSION}. */
    private boolean harmlessAlterDrop(int i) {
        if (v.isWord(i + 1, "default") || v.isWord(i + 1, "not")) {
            return true;
        }
        boolean columnSubcommand = v.isWord(i - 2, "alter") || v.isWord(i - 3, "alter") && v.isWord(i - 2, "column");
        return columnSubcommand && (v.isWord(i + 1, "identity") || v.isWord(i + 1, "expression"));
    }

    private void doBlock() {
        out.kind(StatementKind.OPAQUE_CODE, true);
        OpaqueCode.scanStatement(v, "DO block", out);
    }

    private void create(int first) {
        out.kind(StatementKind.DDL, true);
        int i = first + 1;
        if (v.isWord(i, "or") && v.isWord(i + 1, "replace")) {
            i += 2;
        }
        String what = v.word(i);
        if ("function".equals(what) || "procedure".equals(what)) {
            OpaqueCode.scanStatement(v, "CREATE " + what.toUpperCase(Locale.ROOT) + " body", out);
            return;
        }
        if ("rule".equals(what)) {
            rule(i);
            return;
        }
        boolean table = createdTable(i);
        int as = v.find("as", 0, i, v.size());
        if (as > 0 && v.isWord(as + 1, "execute")) {
            return; // CREATE TABLE ... AS EXECUTE name: the EXECUTE check sees it
        }
        DmlScanner.scan(v, out);
        ReadTables.collect(v, out);
        out.tablesKnown = table && !reachesOtherTables(i, as < 0 ? v.size() : as);
    }

    /**
     * {@code CREATE [TEMP | UNLOGGED ...] TABLE [IF NOT EXISTS] name} or {@code CREATE [...] VIEW name}: the table
     * it writes. False for any other CREATE.
     */
    private boolean createdTable(int i) {
        int j = v.skipWords(i, TABLE_QUALIFIERS); // TABLE itself is among them: j is past it
        if (v.isWord(j, "view")) {
            j++;
        } else if (!v.isWord(j - 1, "table")) {
            return false;
        }
        if (v.isWord(j, "if") && v.isWord(j + 1, "not") && v.isWord(j + 2, "exists")) {
            j += 3;
        }
        out.write(QualifiedName.at(v, j));
        return true;
    }

    /**
     * A table definition (the tokens in [from, to), before any AS query) that ties the new table to another one:
     * REFERENCES, INHERITS, PARTITION OF, or a LIKE clause ({@code (LIKE t)}, not {@code CHECK (a LIKE 'x')}).
     */
    private boolean reachesOtherTables(int from, int to) {
        for (int j = from; j < to; j++) {
            boolean partitionOf = v.isWord(j, "partition") && v.isWord(j + 1, "of");
            boolean likeClause = v.isWord(j, "like") && (v.isSymbol(j - 1, "(") || v.isSymbol(j - 1, ","));
            if (v.isWord(j, "references") || v.isWord(j, "inherits") || partitionOf || likeClause) {
                return true;
            }
        }
        return false;
    }

    /** A CASCADE at the statement's top level. */
    private boolean cascades() {
        return v.find("cascade", 0, 0, v.size()) >= 0;
    }

    /** {@code CREATE RULE ... DO [ALSO | INSTEAD] { NOTHING | command | ( command ; command ... ) }}. */
    private void rule(int ruleWord) {
        int d = v.find("do", 0, ruleWord, v.size());
        if (d < 0) {
            return;
        }
        int i = d + 1;
        if (v.isWord(i, "also") || v.isWord(i, "instead")) {
            i++;
        }
        if (v.isSymbol(i, "(")) {
            int start = i + 1;
            for (int j = start; j < v.size(); j++) {
                if (v.depth(j) == 1 && (v.isSymbol(j, ";") || v.isSymbol(j, ")"))) {
                    inner(start, j, true);
                    start = j + 1;
                }
            }
        } else {
            inner(i, v.size(), true);
        }
    }

    private void copy(int first) {
        int i = first + 1;
        if (v.isWord(i, "binary")) {
            i++;
        }
        int direction;
        TableRef table = null;
        out.tablesKnown = true;
        if (v.isSymbol(i, "(")) {
            int close = v.endOfGroup(i + 1);
            out.tablesKnown = inner(i + 1, close, true).tablesKnown();
            direction = close + 1;
        } else {
            table = QualifiedName.at(v, i);
            direction = QualifiedName.end(v, i);
            if (v.isSymbol(direction, "(")) {
                direction = v.endOfGroup(direction + 1) + 1;
            }
        }
        boolean from = v.isWord(direction, "from");
        boolean writesServer = false;
        if (v.isWord(direction + 1, "program")) {
            out.find(Rule.COPY_PROGRAM, "COPY ... " + (from ? "FROM" : "TO") + " PROGRAM runs a shell command on "
                    + "the database server");
            writesServer = true;
        } else if (v.isKind(direction + 1, TokenKind.STRING)) {
            out.find(Rule.COPY_SERVER_FILE, "COPY ... " + (from ? "FROM" : "TO") + " '" + v.get(direction + 1).text()
                    + "' reads or writes a file on the database server");
            out.literalBound = true;
            writesServer = !from;
        }
        if (from) {
            out.write(table);
            out.kind(StatementKind.WRITE, true);
        } else {
            out.read(table);
            out.kind(StatementKind.READ, writesServer || out.canWrite);
        }
    }

    private void explain(int first) {
        int i = first + 1;
        boolean analyze = false;
        if (v.isSymbol(i, "(")) {
            int close = v.endOfGroup(i + 1);
            for (int j = i + 1; j < close; j++) {
                analyze |= v.isWord(j, "analyze") || v.isWord(j, "analyse");
            }
            i = close + 1;
        } else {
            while (v.isWord(i, "analyze") || v.isWord(i, "analyse") || v.isWord(i, "verbose")) {
                analyze |= !v.isWord(i, "verbose");
                i++;
            }
        }
        Analysis inner = inner(i, v.size(), analyze);
        out.kind(analyze ? inner.kind() : StatementKind.READ, analyze && inner.canWrite());
        out.tablesKnown = inner.tablesKnown();
        callsEnd = analyze ? v.size() : i; // without ANALYZE the statement is planned, never run
    }

    private void prepare(int first) {
        if (v.isWord(first + 1, "transaction")) {
            out.kind(StatementKind.TRANSACTION_CONTROL, true);
            out.tablesKnown = true;
            return;
        }
        out.kind(StatementKind.UTILITY, false);
        if (!v.isName(first + 1)) {
            return;
        }
        out.prepares = v.get(first + 1).text();
        int as = v.find("as", 0, first + 2, v.size());
        if (as > 0) {
            out.tablesKnown = inner(as + 1, v.size(), true).tablesKnown();
        }
    }

    /**
     * Analyses the inner statement in [from, to) and takes what it found; its rules count only when it runs
     * ({@code runs} is false for EXPLAIN without ANALYZE, which only plans).
     */
    private Analysis inner(int from, int to, boolean runs) {
        Analysis inner = analyze(v.slice(from, Math.max(from, to)), nesting + 1);
        out.absorb(inner, runs);
        return inner;
    }

    /** SET / BEGIN / START TRANSACTION that could lift read-only mode or change the session's identity. */
    private boolean enablesWrites() {
        for (int i = 0; i < v.size(); i++) {
            String w = v.word(i);
            if (w != null && (WRITE_ENABLING_SETTINGS.contains(w) || w.equals("read") && v.isWord(i + 1, "write"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The functions the statement calls, as a table scope checks them. All of them, those of a statement EXPLAIN
     * only plans included: the planner may run an immutable function to fold it into a constant.
     */
    private void calls() {
        out.calls.addAll(FunctionCalls.in(v));
        for (FunctionRef f : out.calls) {
            if (QUERYING_FUNCTIONS.contains(f.name())) {
                out.tablesKnown = false;
            }
        }
    }

    /** Function calls (name followed by {@code (}) and SQL-level EXECUTEs anywhere in the statement. */
    private void functionsAndExecutes() {
        for (int i = 0; i + 1 < callsEnd; i++) {
            if (v.isName(i) && v.isSymbol(i + 1, "(") && !v.isSymbol(i - 1, "::")) {
                String name = v.get(i).text();
                out.functions.add(name);
                if (WRITING_FUNCTIONS.contains(name)) {
                    out.canWrite = true;
                }
            }
            if (v.isWord(i, "execute") && v.isName(i + 1) && !v.isWord(i + 1, "function")
                    && !v.isWord(i + 1, "procedure") && !v.isWord(i + 1, "on") && !v.isWord(i - 1, "grant")
                    && !v.isWord(i - 1, "revoke") && !v.isSymbol(i - 1, ",")) {
                out.executes.add(v.get(i + 1).text());
            }
        }
    }
}
