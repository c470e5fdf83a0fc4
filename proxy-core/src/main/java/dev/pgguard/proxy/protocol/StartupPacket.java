package dev.pgguard.proxy.protocol;

import java.util.Map;

/** The untyped packets a client may open a connection with. */
public sealed interface StartupPacket {

    record SslRequest() implements StartupPacket {
    }

    record GssEncRequest() implements StartupPacket {
    }

    record CancelRequest(int processId, int secretKey) implements StartupPacket {
    }

    /** @param parameters name/value pairs in the order the client sent them (user, database, options, ...) */
    record StartupMessage(int protocolVersion, Map<String, String> parameters) implements StartupPacket {
        public StartupMessage {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }
    }
}
