package dev.pgguard.classifier;

import java.util.Optional;

/**
 * The classifier's rules. The id is stable: it is what the config file, the audit log, notices to agents and
 * the README use; the README's rules table says what each one fires on. Every rule but {@link #WRITE} holds by
 * default; the config can switch any of them to deny, and any but {@link #UNANALYSABLE} off (pgguard fails closed: what it cannot
 * read is never waved through).
 */
public enum Rule {
    /** Any DROP statement, of every object type. */
    DROP("drop"),
    TRUNCATE("truncate"),
    /** DELETE without a WHERE clause, wherever it stands (CTE, EXPLAIN ANALYZE, PREPARE, rule action, COPY). */
    DELETE_WITHOUT_WHERE("delete-without-where"),
    UPDATE_WITHOUT_WHERE("update-without-where"),
    /** DELETE or UPDATE whose WHERE does not depend on the row: it hits every row or none. */
    TAUTOLOGICAL_WHERE("tautological-where"),
    /** ALTER ... DROP of a column, constraint or other part of an object. */
    ALTER_DROP("alter-drop"),
    /** MERGE with a WHEN ... THEN DELETE action. */
    MERGE_DELETE("merge-delete"),
    /** DO blocks and function and procedure bodies whose text holds a destructive key word. */
    OPAQUE_CODE("opaque-code"),
    /** COPY ... FROM PROGRAM or TO PROGRAM: runs a shell command on the database server. */
    COPY_PROGRAM("copy-program"),
    /** COPY from or to a file on the database server (not STDIN/STDOUT). */
    COPY_SERVER_FILE("copy-server-file"),
    /** SQL-level EXECUTE of a prepared statement whose PREPARE pgguard did not see as safe in this session. */
    EXECUTE_UNSEEN_PREPARE("execute-unseen-prepare"),
    /** A call of a function on the policy's dangerous list. */
    DANGEROUS_FUNCTION("dangerous-function"),
    /** A statement pgguard cannot fully analyse: lexical error, refused WHERE, beyond a bound, out of time. */
    UNANALYSABLE("unanalysable"),
    /**
     * Any statement that can write. Off unless the policy turns it on: a production environment holds every
     * write with it ({@code environments.prod.rules.write: hold}).
     */
    WRITE("write");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    /** The stable id: {@code drop}, {@code delete-without-where}, ... */
    public String id() {
        return id;
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
