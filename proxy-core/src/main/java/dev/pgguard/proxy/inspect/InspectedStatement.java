package dev.pgguard.proxy.inspect;

/**
 * A statement-carrying frame as the inspector sees it.
 *
 * @param kind          which frame carried it
 * @param sql           the SQL text (empty for a FunctionCall, which carries a function OID instead)
 * @param statementName the prepared-statement name of a Parse ("" = the unnamed statement), else null
 * @param functionOid   the function OID of a FunctionCall, else 0
 * @param session       who sent it
 */
public record InspectedStatement(Kind kind, String sql, String statementName, int functionOid, SessionInfo session) {

    public enum Kind {
        /** A simple-protocol Query ('Q'): may hold several statements, run as one implicit transaction. */
        SIMPLE_QUERY,
        /** An extended-protocol Parse ('P'). */
        PARSE,
        /** A FunctionCall ('F'), the legacy fast-path interface. */
        FUNCTION_CALL
    }
}
