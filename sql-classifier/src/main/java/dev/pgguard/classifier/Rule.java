package dev.pgguard.classifier;

import java.util.Optional;

/**
 * The classifier's rules. The id is stable: it is what the config file, the audit log, notices to agents and
 * the README use. Every rule holds by default; the config can switch any of them to deny, and any but
 * {@link #UNANALYSABLE} off (pgguard fails closed: what it cannot read is never waved through).
 */
public enum Rule {
    DROP("drop", "any DROP statement: table, view, index, sequence, schema, database, role, function, type, "
            + "extension, OWNED ... all of them"),
    TRUNCATE("truncate", "TRUNCATE"),
    DELETE_WITHOUT_WHERE("delete-without-where", "DELETE without a WHERE clause, wherever it stands: "
            + "a statement, a data-modifying CTE, EXPLAIN ANALYZE, PREPARE ... AS, CREATE RULE ... DO, COPY (...)"),
    UPDATE_WITHOUT_WHERE("update-without-where", "UPDATE without a WHERE clause, wherever it stands"),
    TAUTOLOGICAL_WHERE("tautological-where", "DELETE or UPDATE whose WHERE does not depend on the row "
            + "(WHERE true, 1=1, 'a'='a', x = x, ... OR true): it hits every row or none"),
    ALTER_DROP("alter-drop", "ALTER ... DROP of a column, constraint or other part of an object "
            + "(ALTER TABLE t DROP COLUMN c, DROP CONSTRAINT k)"),
    MERGE_DELETE("merge-delete", "MERGE with a WHEN ... THEN DELETE action"),
    OPAQUE_CODE("opaque-code", "DO blocks, function and procedure bodies and other code pgguard cannot see "
            + "into, whose text contains DROP, TRUNCATE, DELETE, UPDATE, ALTER, EXECUTE or another "
            + "destructive keyword"),
    COPY_PROGRAM("copy-program", "COPY ... FROM PROGRAM or TO PROGRAM: runs a shell command on the database server"),
    COPY_SERVER_FILE("copy-server-file", "COPY from or to a file on the database server (not STDIN/STDOUT)"),
    EXECUTE_UNSEEN_PREPARE("execute-unseen-prepare", "SQL-level EXECUTE of a prepared statement whose PREPARE "
            + "pgguard did not see as safe in this session"),
    DANGEROUS_FUNCTION("dangerous-function", "a call of a function that acts outside SQL's view "
            + "(dblink_exec, pg_terminate_backend, lo_unlink, pg_read_file, ...): the list is in the config"),
    UNANALYSABLE("unanalysable", "a statement pgguard cannot fully analyse (the parser refuses it, it is too "
            + "large or too deeply nested, or analysis exceeded its time bound) while it carries a destructive "
            + "keyword, or any statement beyond the analysis bounds");

    private final String id;
    private final String description;

    Rule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The stable id: {@code drop}, {@code delete-without-where}, ... */
    public String id() {
        return id;
    }

    /** What the rule catches, for the README, {@code pgguard check} and config errors. */
    public String description() {
        return description;
    }

    public static Optional<Rule> byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
