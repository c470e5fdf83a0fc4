package dev.pgguard.proxy.inspect;

import dev.pgguard.proxy.protocol.ClientErrors;
import java.util.Map;

/**
 * The FunctionCall message (the legacy "fast path") names a function by OID only, so the classifier cannot
 * read it. Drivers use it for large objects (pgjdbc's LargeObjectManager): those functions, by their built-in
 * OIDs (fixed in PostgreSQL's catalog data and checked against a real server by an integration test), pass;
 * any other OID is refused rather than guessed at, since {@code pg_terminate_backend} or {@code lo_unlink}
 * could stand behind it.
 */
final class FunctionCalls {

    /** Built-in large-object functions that read or write an open object's contents, nothing else. */
    static final Map<Integer, String> LARGE_OBJECT_IO = Map.ofEntries(
            Map.entry(952, "lo_open"), Map.entry(953, "lo_close"), Map.entry(954, "loread"),
            Map.entry(955, "lowrite"), Map.entry(956, "lo_lseek"), Map.entry(957, "lo_creat"),
            Map.entry(958, "lo_tell"), Map.entry(715, "lo_create"), Map.entry(1004, "lo_truncate"),
            Map.entry(3170, "lo_lseek64"), Map.entry(3171, "lo_tell64"), Map.entry(3172, "lo_truncate64"));

    private FunctionCalls() {
    }

    static Decision decide(InspectedStatement call) {
        return LARGE_OBJECT_IO.containsKey(call.functionOid()) ? Decision.allow()
                : Decision.refuse(ClientErrors.functionCallRefused(call.functionOid()));
    }
}
