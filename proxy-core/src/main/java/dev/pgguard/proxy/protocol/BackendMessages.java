package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;

/** The server-side messages pgguard writes itself to a client. Everything else a client sees is relayed. */
public final class BackendMessages {

    private BackendMessages() {
    }

    /** The single-byte answer to SSLRequest or GSSENCRequest: 'S' (go ahead with TLS) or 'N'. */
    public static ByteBuf encryptionResponse(ByteBufAllocator alloc, boolean accept) {
        return alloc.buffer(1).writeByte(accept ? 'S' : 'N');
    }

    public static ByteBuf authenticationOk(ByteBufAllocator alloc) {
        return authentication(alloc, StartupCodes.AUTH_OK, null);
    }

    public static ByteBuf authenticationSasl(ByteBufAllocator alloc, List<String> mechanisms) {
        ByteBuf buf = start(alloc, BackendType.AUTHENTICATION);
        buf.writeInt(StartupCodes.AUTH_SASL);
        for (String mechanism : mechanisms) {
            CStrings.write(buf, mechanism);
        }
        buf.writeByte(0);
        return finish(buf);
    }

    public static ByteBuf authenticationSaslContinue(ByteBufAllocator alloc, byte[] data) {
        return authentication(alloc, StartupCodes.AUTH_SASL_CONTINUE, data);
    }

    public static ByteBuf authenticationSaslFinal(ByteBufAllocator alloc, byte[] data) {
        return authentication(alloc, StartupCodes.AUTH_SASL_FINAL, data);
    }

    public static ByteBuf backendKeyData(ByteBufAllocator alloc, int processId, int secretKey) {
        ByteBuf buf = start(alloc, BackendType.BACKEND_KEY_DATA);
        buf.writeInt(processId).writeInt(secretKey);
        return finish(buf);
    }

    /** @param status 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block */
    public static ByteBuf readyForQuery(ByteBufAllocator alloc, byte status) {
        ByteBuf buf = start(alloc, BackendType.READY_FOR_QUERY);
        buf.writeByte(status);
        return finish(buf);
    }

    /**
     * NegotiateProtocolVersion: the newest version pgguard supports for the requested major version (the full
     * version number, 3.0 = 196608), and the {@code _pq_.} options it did not recognise.
     */
    public static ByteBuf negotiateProtocolVersion(ByteBufAllocator alloc, int version, List<String> unrecognized) {
        ByteBuf buf = start(alloc, BackendType.NEGOTIATE_PROTOCOL_VERSION);
        buf.writeInt(version).writeInt(unrecognized.size());
        for (String option : unrecognized) {
            CStrings.write(buf, option);
        }
        return finish(buf);
    }

    private static ByteBuf authentication(ByteBufAllocator alloc, int code, byte[] data) {
        ByteBuf buf = start(alloc, BackendType.AUTHENTICATION);
        buf.writeInt(code);
        if (data != null) {
            buf.writeBytes(data);
        }
        return finish(buf);
    }

    private static ByteBuf start(ByteBufAllocator alloc, BackendType type) {
        ByteBuf buf = alloc.buffer(64);
        buf.writeByte(type.code());
        buf.writeInt(0); // length, set by finish
        return buf;
    }

    private static ByteBuf finish(ByteBuf buf) {
        buf.setInt(1, buf.writerIndex() - 1);
        return buf;
    }
}
