package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.RecordingInspector;
import dev.pgguard.proxy.inspect.InspectedStatement;
import java.sql.Connection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * The legacy fast-path FunctionCall message, which pgjdbc's large-object API still uses (lo_open, loread,
 * lowrite, ...): it reaches the database through the relay, and every call passes the statement hook.
 */
class FunctionCallIT {

    static final RecordingInspector inspector = new RecordingInspector();

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().inspector(inspector).build();

    @Test
    void largeObjectRoundTripGoesThroughFunctionCallsThatTheHookSees() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        try (Connection c = pgguard.connect()) {
            c.setAutoCommit(false); // large objects live in transactions
            LargeObjectManager lom = c.unwrap(PGConnection.class).getLargeObjectAPI();
            long oid = lom.createLO(LargeObjectManager.READWRITE);
            try (LargeObject lo = lom.open(oid, LargeObjectManager.WRITE)) {
                lo.write(data);
            }
            try (LargeObject lo = lom.open(oid, LargeObjectManager.READ)) {
                assertArrayEquals(data, lo.read(data.length + 10), "the bytes read back are the bytes written");
            }
            lom.delete(oid);
            c.commit();
        }
        List<InspectedStatement> calls = inspector.seen().stream()
                .filter(s -> s.kind() == InspectedStatement.Kind.FUNCTION_CALL).toList();
        assertFalse(calls.isEmpty(), "pgjdbc's large-object calls are FunctionCall messages seen by the hook");
        assertTrue(calls.stream().allMatch(s -> s.functionOid() > 0), () -> "function OIDs: " + calls);
    }
}
