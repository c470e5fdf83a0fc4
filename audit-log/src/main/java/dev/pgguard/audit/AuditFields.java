package dev.pgguard.audit;

import java.util.Set;

/**
 * The field names of schema v1, in one place (audit-log/README.md says which event carries which). Names are
 * {@code [a-z0-9_]+}; times are RFC 3339 UTC strings, durations are whole microseconds ({@code *_us}).
 */
public final class AuditFields {

    private AuditFields() {
    }

    // ---------------------------------------------------------------- written by the writer on every line
    /** Schema version (1). */
    public static final String V = "v";
    /** Sequence number: 1 for the first record of a log, +1 for every record after, across files and runs. */
    public static final String SEQ = "seq";
    /** When the record was appended, RFC 3339 UTC with microseconds: {@code 2026-11-25T10:00:00.123456Z}. */
    public static final String TIME = "time";
    /** The {@link AuditEvent} id. */
    public static final String EVENT = "event";
    /** The {@code hash} of the previous record, 64 lowercase hex digits; 64 zeros before the first record. */
    public static final String PREV = "prev";
    /** SHA-256 of this line's bytes before {@code ,"hash":"} (README.md, "Hash chain"); always the last field. */
    public static final String HASH = "hash";

    /** Names a caller cannot set: the writer writes them. */
    static final Set<String> RESERVED = Set.of(V, SEQ, TIME, EVENT, PREV, HASH);

    // ---------------------------------------------------------------- session
    /** The session id pgguard gives a client connection (also its log prefix). */
    public static final String SESSION = "session";
    /** The agent the session authenticated as. */
    public static final String AGENT = "agent";
    /** The client's address, {@code ip:port}. */
    public static final String CLIENT = "client";
    /** The database name from the startup message. */
    public static final String DATABASE = "database";
    /** The environment the database belongs to (from the configuration: prod, staging, ...). */
    public static final String ENVIRONMENT = "environment";
    /** The database user the agent asked for in its startup message. */
    public static final String USER = "user";

    // ---------------------------------------------------------------- statement
    /** {@code "simple"} (Query) or {@code "extended"} (Parse/Bind/Execute). */
    public static final String PROTOCOL = "protocol";
    /** Per session: the number of the message or Execute a decision is about; links decision, hold and outcome. */
    public static final String QUERY = "query";
    /** Extended protocol: the prepared statement's name ({@code ""} = unnamed). */
    public static final String STATEMENT_NAME = "statement_name";
    /** Extended protocol: the portal's name ({@code ""} = unnamed). */
    public static final String PORTAL_NAME = "portal_name";
    /** The SQL text as the client sent it, or with its literals replaced when redaction is on. */
    public static final String SQL = "sql";
    /** True when {@link #SQL} had its literals redacted. */
    public static final String SQL_REDACTED = "sql_redacted";
    /** Bind parameters of a held statement, as text; a JSON null is SQL NULL; binary ones as {@code \x} hex. */
    public static final String PARAMS = "params";
    /** The classifier's fingerprint: the same for the same statement with other literal values. */
    public static final String FINGERPRINT = "fingerprint";
    /** Statement kinds from the classifier (SELECT, DELETE, DROP, ...). */
    public static final String KINDS = "kinds";
    /** Ids of the rules that matched. */
    public static final String RULES = "rules";
    /** Tables the statement touches, as the classifier names them. */
    public static final String TABLES = "tables";

    // ---------------------------------------------------------------- holds
    /** The hold id (the one a human types to approve). */
    public static final String HOLD = "hold";
    /** Who decided a hold. */
    public static final String APPROVER = "approver";

    // ---------------------------------------------------------------- grants and agents
    /** A write grant's id. */
    public static final String GRANT = "grant";
    /** When a grant expires (UTC, ISO-8601). */
    public static final String EXPIRES = "expires";
    /** How a grant ended: {@code expired} or {@code revoked}. */
    public static final String ENDED = "ended";
    /** Agents a reload added. */
    public static final String ADDED = "added";
    /** Agents a reload removed or changed: their sessions were ended. */
    public static final String REVOKED = "revoked";
    /** Why: a denial's reason, a refusal's rule text, a session's close reason, a failure's cause. */
    public static final String REASON = "reason";
    /** How long the hold waited for a decision, microseconds. */
    public static final String WAIT_US = "wait_us";

    // ---------------------------------------------------------------- outcome
    /** The CommandComplete tag ({@code DELETE 3}). */
    public static final String TAG = "tag";
    /** Rows affected or returned, from the CommandComplete tag. */
    public static final String ROWS = "rows";
    /** The error's SQLSTATE. */
    public static final String SQLSTATE = "sqlstate";
    /** The error's message. */
    public static final String MESSAGE = "message";
    /** From forwarding the statement to its CommandComplete or error, microseconds. */
    public static final String DURATION_US = "duration_us";

    // ---------------------------------------------------------------- audit.* (written by the writer)
    /** A file name (no directory): the file a torn tail is in, the file a run started in. */
    public static final String FILE = "file";
    /** audit.rotated: the name the previous file was renamed to. */
    public static final String PREVIOUS_FILE = "previous_file";
    /** audit.opened: how the previous run ended: {@code clean}, {@code unclean} or {@code none} (a new log). */
    public static final String PREVIOUS_END = "previous_end";
    /** audit.opened: the writer's process id. */
    public static final String PID = "pid";
    /** audit.opened: the effective settings. */
    public static final String SETTINGS = "settings";
    /** audit.recovered: the byte offset in {@link #FILE} where the torn bytes start. */
    public static final String TORN_OFFSET = "torn_offset";
    /** audit.recovered: how many torn bytes there were. */
    public static final String TORN_BYTES = "torn_bytes";
    /** audit.recovered: SHA-256 of the torn bytes, hex. */
    public static final String TORN_SHA256 = "torn_sha256";
    /** audit.recovered: true when the writer ended the torn bytes with a newline (they did not end with one). */
    public static final String NEWLINE_ADDED = "newline_added";
    /** audit.resumed: when writing failed. */
    public static final String FAILED_AT = "failed_at";
    /** audit.resumed: appends refused while writing failed (their records are not in the log). */
    public static final String REJECTED = "rejected";
    /** audit.resumed: the last seq whose append completed successfully before the failure. */
    public static final String LAST_ACKNOWLEDGED_SEQ = "last_acknowledged_seq";
    /** audit.closed: records appended by callers during this run. */
    public static final String RECORDS = "records";
}
