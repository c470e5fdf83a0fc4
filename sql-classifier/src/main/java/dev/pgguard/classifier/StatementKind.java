package dev.pgguard.classifier;

/** What a statement does, in the words the audit log and the CLI use. */
public enum StatementKind {
    /** SELECT, VALUES, TABLE, SHOW, FETCH, EXPLAIN without ANALYZE, COPY ... TO. */
    READ("read"),
    /** INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY ... FROM, data-modifying CTEs. */
    WRITE("write"),
    /** CREATE, ALTER, DROP, COMMENT, GRANT, REVOKE, SECURITY LABEL, REINDEX ... */
    DDL("ddl"),
    /** SET, RESET, LISTEN, NOTIFY, VACUUM, ANALYZE, LOCK, PREPARE, EXECUTE, DISCARD ... */
    UTILITY("utility"),
    /** BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, PREPARE TRANSACTION ... */
    TRANSACTION_CONTROL("transaction"),
    /** DO and CALL: code whose effect pgguard cannot see from the statement. */
    OPAQUE_CODE("opaque-code");

    private final String id;

    StatementKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
