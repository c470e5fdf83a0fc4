package dev.pgguard.proxy.inspect;

import dev.pgguard.proxy.protocol.BindMessage;

/**
 * A statement-carrying frame as the inspector sees it.
 *
 * @param kind          which frame carried it
 * @param sql           the SQL text (empty for a FunctionCall, which carries a function OID instead, and for a
 *                      Bind or Close, which name a prepared statement)
 * @param statementName the prepared-statement name of a Parse, Bind or Close ("" = the unnamed statement), else null
 * @param functionOid   the function OID of a FunctionCall, else 0
 * @param bind          the decoded Bind; for a Parse, the Bind of it that came with it, if any; else null
 * @param session       who sent it
 */
public record InspectedStatement(Kind kind, String sql, String statementName, int functionOid, BindMessage bind,
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

    public static InspectedStatement query(String sql, SessionInfo session) {
        return new InspectedStatement(Kind.SIMPLE_QUERY, sql, null, 0, null, session);
    }

    public static InspectedStatement parse(String name, String sql, BindMessage followingBind, SessionInfo session) {
        return new InspectedStatement(Kind.PARSE, sql, name, 0, followingBind, session);
    }

    public static InspectedStatement bind(BindMessage bind, SessionInfo session) {
        return new InspectedStatement(Kind.BIND, "", bind.statement(), 0, bind, session);
    }

    public static InspectedStatement closeStatement(String name, SessionInfo session) {
        return new InspectedStatement(Kind.CLOSE_STATEMENT, "", name, 0, null, session);
    }

    public static InspectedStatement functionCall(int functionOid, SessionInfo session) {
        return new InspectedStatement(Kind.FUNCTION_CALL, "", null, functionOid, null, session);
    }
}
