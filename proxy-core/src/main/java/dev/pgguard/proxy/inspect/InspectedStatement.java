package dev.pgguard.proxy.inspect;

import dev.pgguard.proxy.protocol.BindMessage;

/**
 * A statement-carrying frame as the inspector sees it.
 *
 * @param kind          which frame carried it
 * @param number        per session, 1 for the first frame inspected and +1 for each after: links the audit
 *                      log's records of a decision, its hold and its outcome
 * @param sql           the SQL text; for a FunctionCall, which carries a function OID instead, a description of
 *                      the call for logs and the audit; empty for a Bind or Close, which name a prepared statement
 * @param statementName the prepared-statement name of a Parse, Bind or Close ("" = the unnamed statement), else null
 * @param functionOid   the function OID of a FunctionCall, else 0
 * @param bind          the decoded Bind; for a Parse, the Bind of it that came with it, if any; else null
 * @param session       who sent it
 */
public record InspectedStatement(Kind kind, long number, String sql, String statementName, int functionOid, BindMessage bind,
                                 SessionInfo session) {

    public enum Kind {
        /** A simple-protocol Query ('Q'): may hold several statements, run as one implicit transaction. */
        SIMPLE_QUERY,
        /** An extended-protocol Parse ('P'). */
        PARSE,
        /** An extended-protocol Bind ('B') of a statement the inspector asked to see. */
        BIND,
        /** An extended-protocol Close ('C') of a prepared statement; only observed, never refused. */
        CLOSE_STATEMENT,
        /** A FunctionCall ('F'), the legacy fast-path interface. */
        FUNCTION_CALL
    }

    public static InspectedStatement query(long number, String sql, SessionInfo session) {
        return new InspectedStatement(Kind.SIMPLE_QUERY, number, sql, null, 0, null, session);
    }

    public static InspectedStatement parse(long number, String name, String sql, BindMessage followingBind,
                                           SessionInfo session) {
        return new InspectedStatement(Kind.PARSE, number, sql, name, 0, followingBind, session);
    }

    /** A Bind of a held statement: its SQL is the one its Parse carried. */
    public static InspectedStatement bind(long number, BindMessage bind, SessionInfo session) {
        return bind(number, bind, "", session);
    }

    /** A Bind with the SQL of the statement it executes, where that is known (the audit log's executions). */
    public static InspectedStatement bind(long number, BindMessage bind, String sql, SessionInfo session) {
        return new InspectedStatement(Kind.BIND, number, sql, bind.statement(), 0, bind, session);
    }

    public static InspectedStatement closeStatement(long number, String name, SessionInfo session) {
        return new InspectedStatement(Kind.CLOSE_STATEMENT, number, "", name, 0, null, session);
    }

    public static InspectedStatement functionCall(long number, int functionOid, SessionInfo session) {
        return new InspectedStatement(Kind.FUNCTION_CALL, number, "(FunctionCall of function OID " + functionOid + ")",
                null, functionOid, null, session);
    }

    /** The same frame with the SQL it stands for (a Bind's, from its Parse). */
    public InspectedStatement withSql(String text) {
        return new InspectedStatement(kind, number, text, statementName, functionOid, bind, session);
    }
}
