package dev.pgguard.proxy.protocol;

/**
 * Every error pgguard itself shows a client, each with its SQLSTATE (PostgreSQL Appendix A). Messages say
 * what happened and, in the hint, what to do. None of them ever carries an upstream credential.
 */
public final class ClientErrors {

    private ClientErrors() {
    }

    public static PgError protocolViolation(String message) {
        return new PgError(PgError.FATAL, "08P01", message, null,
                "The client sent bytes that are not a valid PostgreSQL v3 message; this session is closed.");
    }

    public static PgError messageTooLarge(String what, long length, long limit, String setting) {
        return new PgError(PgError.FATAL, "54000",
                what + " of " + length + " bytes exceeds pgguard's limit of " + limit + " bytes", null,
                "Send smaller messages, or raise " + setting + " in pgguard's configuration.");
    }

    public static PgError unsupportedProtocol(int major, int minor) {
        return new PgError(PgError.FATAL, "0A000",
                "unsupported frontend protocol " + major + "." + minor
                        + ": pgguard supports protocol 3.0 (3.x is negotiated down to 3.0)", null, null);
    }

    public static PgError replicationRefused() {
        return new PgError(PgError.FATAL, "0A000",
                "pgguard does not relay replication connections", null,
                "Connect replication clients to the database directly, not through pgguard.");
    }

    public static PgError missingUser() {
        return new PgError(PgError.FATAL, "28000", "no PostgreSQL user name specified in startup packet",
                null, null);
    }

    /** The same message for an unknown agent and a wrong password, as PostgreSQL does, so neither is revealed. */
    public static PgError authenticationFailed(String user) {
        return new PgError(PgError.FATAL, "28P01", "password authentication failed for user \"" + user + "\"",
                null, "Agents log in to pgguard with the credentials pgguard issued for them.");
    }

    public static PgError authenticationProtocol(String reason) {
        return new PgError(PgError.FATAL, "08P01", "SCRAM authentication failed: " + reason, null, null);
    }

    /** PostgreSQL's own words and code (ERRCODE_QUERY_CANCELED) for authentication_timeout. */
    public static PgError startupTimeout() {
        return new PgError(PgError.FATAL, "57014", "canceling authentication due to timeout", null,
                "The client must finish connecting and authenticating within pgguard's limits.startup_timeout.");
    }

    public static PgError tooManyClients(int limit) {
        return new PgError(PgError.FATAL, "53300", "sorry, too many clients already (pgguard limit " + limit + ")",
                null, "Close idle connections, or raise limits.max_client_connections in pgguard's configuration.");
    }

    public static PgError upstreamUnavailable(String reason) {
        return new PgError(PgError.FATAL, "08006", "pgguard could not connect to the upstream database: " + reason,
                null, "The database behind pgguard is unreachable or refused the connection; try again later "
                        + "or ask the operator to check the upstream settings.");
    }

    /** The upstream refused pgguard's own credentials: never forward its message, it names the real user. */
    public static PgError upstreamLoginFailed() {
        return new PgError(PgError.FATAL, "08006",
                "pgguard could not log in to the upstream database with its configured credentials", null,
                "This is not a problem with your credentials; the operator must check upstream.user and "
                        + "upstream.password in pgguard's configuration.");
    }

    /**
     * The upstream refused the session for a reason that names no credential (too many connections, no such
     * database): its own error, re-issued as FATAL, since the session cannot go on without an upstream.
     */
    public static PgError upstreamRefused(String sqlState, String message, String detail, String hint) {
        return new PgError(PgError.FATAL, sqlState, message, detail, hint);
    }

    public static PgError upstreamLost() {
        return new PgError(PgError.FATAL, "08006", "the connection between pgguard and the database was lost",
                null, "Reconnect; statements that had not completed may not have run.");
    }

    /** A reload removed the agent or changed its credentials or mode: its sessions end, it must log in again. */
    public static PgError agentAccessChanged(String agent) {
        return new PgError(PgError.FATAL, "28000", "pgguard ended this session: the access of agent \"" + agent
                + "\" was revoked or changed in pgguard's configuration", null,
                "Reconnect with the agent's current credentials, if it still has any; ask pgguard's operator.");
    }

    /** PostgreSQL's own words and code for a database that does not exist; the hint names what the agent may use. */
    public static PgError noSuchEnvironment(String database, java.util.List<String> reachable) {
        return new PgError(PgError.FATAL, "3D000", "database \"" + database + "\" does not exist", null,
                reachable.isEmpty() ? "This agent may not connect to any environment; ask pgguard's operator."
                        : "Through pgguard, the database name is the environment: this agent may connect to "
                        + String.join(", ", reachable) + ".");
    }

    /** PostgreSQL's code for a missing CONNECT privilege: the agent exists but is not bound to this environment. */
    public static PgError environmentNotGranted(String agent, String environment, java.util.List<String> reachable) {
        return new PgError(PgError.FATAL, "42501", "permission denied for database \"" + environment
                + "\": pgguard agent \"" + agent + "\" is not allowed in environment \"" + environment + "\"", null,
                (reachable.isEmpty() ? "It may not connect anywhere" : "It may connect to " + String.join(", ", reachable))
                        + "; a human can change that in pgguard's configuration (agents[].environments).");
    }

    /** 57P01 like an administrator's pg_terminate_backend: the session may simply reconnect. */
    public static PgError grantStarted(String agent) {
        return new PgError(PgError.FATAL, "57P01", "pgguard ended this session: agent \"" + agent
                + "\" was granted write access, which applies to new sessions", null,
                "Reconnect and run the statement again.");
    }

    public static PgError grantEnded(String agent) {
        return new PgError(PgError.FATAL, "57P01", "pgguard ended this session: the write grant of agent \"" + agent
                + "\" ended (expired or revoked)", null,
                "Reconnect: the agent is read-only again. Ask a human for a new grant if it still needs to write.");
    }

    public static PgError shuttingDown() {
        return new PgError(PgError.FATAL, "57P01", "terminating connection because pgguard is shutting down",
                null, "Reconnect in a moment.");
    }

    public static PgError internal(String what) {
        return new PgError(PgError.FATAL, "XX000", "pgguard internal error: " + what, null,
                "This session was closed; other sessions are not affected. Please report it.");
    }

    // ---- statements the classifier's policy does not let through: 42501, as PostgreSQL answers a statement
    // the role may not run. Written for an AI agent as much as for a person: what was stopped, by which rule,
    // and that retrying or rephrasing will not help.

    public static PgError policyDenied(String rule, String reason) {
        return new PgError(PgError.ERROR, "42501", "pgguard denied this statement (rule \"" + rule + "\"): " + reason,
                null, "pgguard's policy refuses this kind of statement; nothing was run. Do not retry it or rephrase "
                        + "it to get around the rule: ask a human to run it or to change the policy.");
    }

    // ---- holds (approval-gate/README.md). The notice and the errors name the hold id and the exact commands, and
    // tell an agent plainly that retrying is not the way: a human must decide.

    /** Sent the moment a statement is parked: what waits, for how long, and what a human runs. */
    public static PgError holdNotice(String holdId, String rule, String reason, String sql, long timeoutSeconds) {
        return new PgError(PgError.WARNING, "01000",
                "pgguard is holding this statement until a human approves it (hold " + holdId + ", rule \"" + rule
                        + "\"): " + preview(sql),
                reason + ". Nothing has been sent to the database; this session waits up to " + timeoutSeconds
                        + " s for the decision.",
                "Ask a human to approve it with: pgguard approve " + holdId + "  (or to refuse it with: pgguard deny "
                        + holdId + " --reason \"...\"). Do not retry, resend or rephrase the statement: it is "
                        + "already waiting, and a retry would only wait again.");
    }

    public static PgError holdDenied(String holdId, String rule, String approver, String reason) {
        return new PgError(PgError.ERROR, "42501",
                "a human denied this statement (pgguard hold " + holdId + ", rule \"" + rule + "\"): " + reason,
                "Denied by " + approver + ". Nothing was run.",
                "Do not retry it or rephrase it to get around the decision: ask the human what to do instead.");
    }

    public static PgError holdTimedOut(String holdId, long waitedSeconds, long lateWindowMinutes) {
        return new PgError(PgError.ERROR, "57014",
                "canceling statement: no human approved it within " + waitedSeconds + " s (pgguard hold " + holdId + ")",
                "Nothing was run.",
                lateWindowMinutes > 0
                        ? "Ask a human to run: pgguard approve " + holdId + "  — a late approval lets this identical "
                                + "statement through once within " + lateWindowMinutes + " minutes; then send it again."
                        : "Ask a human to be ready to approve it, then send it again.");
    }

    /** PostgreSQL's own words for a cancel (ERRCODE_QUERY_CANCELED), and what pgguard did. */
    public static PgError holdCancelled(String holdId) {
        return new PgError(PgError.ERROR, "57014", "canceling statement due to user request",
                "pgguard withdrew hold " + holdId + "; nothing was run.", null);
    }

    /** A read-only agent sent something that can write (what can write: the classifier's canWrite). */
    public static PgError readOnlyAgent(String agent, String statement) {
        return new PgError(PgError.ERROR, "42501", "pgguard agent \"" + agent + "\" is read-only, and this statement "
                + "can write: " + preview(statement), "Nothing was run.",
                "Reads pass; writes need a human to give this agent write access for a while (pgguard grant "
                        + agent + " write --for 30m [--tables ...]) or for good (mode: read-write). Do not rephrase "
                        + "the statement to get around it: ask a human.");
    }

    public static PgError outsideTableScope(String agent, String why) {
        return new PgError(PgError.ERROR, "42501", "pgguard agent \"" + agent + "\" may not run this: " + why,
                "Nothing was run.", "This agent's tables are limited in pgguard's configuration (agents[].tables); "
                + "a human can widen them. Do not rephrase the statement to get around it: ask a human.");
    }

    /** A scoped agent's statement could not be checked against what lies behind its names: refused, safely. */
    public static PgError catalogUnavailable(String agent, String reason) {
        return new PgError(PgError.ERROR, "58000", "pgguard could not check this statement of agent \"" + agent
                + "\" against its table scope: the database's catalog did not answer (" + reason + ")",
                "Nothing was run. pgguard reads the catalog to see what lies behind views and partitions.",
                "Retry in a moment; if it keeps failing, a human should look at pgguard's log.");
    }

    public static PgError outsideGrant(String agent, String statement, java.util.List<String> granted) {
        return new PgError(PgError.ERROR, "42501", "pgguard agent \"" + agent + "\" is read-only, and its write grant "
                + "does not cover this statement: " + preview(statement), "Nothing was run. The grant covers writes to "
                + String.join(", ", granted) + " only.", "Ask a human for a grant that covers these tables "
                + "(pgguard grant " + agent + " write --for 30m --tables ...).");
    }

    /** The audit log cannot take the statement's record and the policy is fail-closed (audit.on_failure). */
    public static PgError auditUnavailable(String reason) {
        return new PgError(PgError.ERROR, "58030", "pgguard cannot write its audit log, so it runs nothing it cannot "
                + "record: " + reason, "Nothing was run.",
                "Tell pgguard's operator (audit.on_failure is fail-closed); the statement can be sent again once the "
                        + "audit log is writable.");
    }

    public static PgError functionCallRefused(int functionOid) {
        return new PgError(PgError.ERROR, "42501", "pgguard refused a FunctionCall of function OID " + functionOid
                + " (rule \"unanalysable\"): the fast-path interface names functions by OID, so pgguard cannot tell "
                + "what it runs", null, "Call the function with SELECT instead, where pgguard can see its name.");
    }

    /** A statement in a message: its first line, shortened (the approver and the audit log see all of it). */
    private static String preview(String sql) {
        String line = sql.strip().lines().findFirst().orElse("");
        return line.length() <= 100 ? line : line.substring(0, 100) + "...";
    }
}
