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

    /**
     * Until the approval gate exists, a statement to hold cannot wait for a human: it is refused, the closed side
     * of "wait", and the message says so.
     */
    public static PgError approvalRequired(String rule, String reason) {
        return new PgError(PgError.ERROR, "42501",
                "pgguard requires a human's approval for this statement (rule \"" + rule + "\"): " + reason, null,
                "Approvals are not available in this pgguard version, so the statement was refused and nothing "
                        + "was run. Do not retry it or rephrase it to get around the rule: ask a human to run it.");
    }

    public static PgError functionCallRefused(int functionOid) {
        return new PgError(PgError.ERROR, "42501", "pgguard refused a FunctionCall of function OID " + functionOid
                + " (rule \"unanalysable\"): the fast-path interface names functions by OID, so pgguard cannot tell "
                + "what it runs", null, "Call the function with SELECT instead, where pgguard can see its name.");
    }
}
