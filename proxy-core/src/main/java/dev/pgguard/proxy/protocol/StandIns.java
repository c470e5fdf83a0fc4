package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The messages pgguard sends upstream in place of a statement it refuses, so that the database's transaction
 * state follows the refusal exactly as it would follow a failed statement (approval-gate/README.md): each
 * fails at once, touches nothing, and its error carries a marker pgguard recognises and replaces with its own.
 *
 * <p>The marker is random per process: a client cannot make the database produce an error pgguard would
 * take for a stand-in's (and if it could, it would only get pgguard's error instead of the database's).
 */
public final class StandIns {

    private final String marker;

    public StandIns(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        this.marker = "pgguard_refused_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * In place of a Query or FunctionCall: a SELECT of a column that cannot exist (there is no FROM clause), which
     * fails with 42703 at parse analysis. In the server's log it reads as what it is.
     */
    public ByteBuf query(ByteBufAllocator alloc) {
        return FrontendMessages.query(alloc, sql());
    }

    /** In place of a Parse: the same failing SELECT under the client's statement name, which is then not created. */
    public ByteBuf parse(ByteBufAllocator alloc, String statementName) {
        return FrontendMessages.parse(alloc, statementName, sql());
    }

    /** In place of a Bind: a Bind of a prepared statement that does not exist (26000), to the client's portal. */
    public ByteBuf bind(ByteBufAllocator alloc, String portal) {
        return FrontendMessages.bind(alloc, portal, marker);
    }

    private String sql() {
        return "SELECT \"" + marker + "\"";
    }

    /** Whether an ErrorResponse body (the bytes after the header) answers one of these stand-ins. */
    public boolean answersStandIn(ByteBuf errorBody) {
        try {
            return ErrorFields.parse(errorBody).message().contains(marker);
        } catch (ProtocolException e) {
            return false; // malformed: certainly not the answer to a stand-in
        }
    }
}
