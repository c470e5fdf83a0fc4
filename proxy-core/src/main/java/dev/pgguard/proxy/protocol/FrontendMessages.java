package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Map;

/** The client-side messages pgguard writes itself to the upstream database. */
public final class FrontendMessages {

    private FrontendMessages() {
    }

    public static ByteBuf sslRequest(ByteBufAllocator alloc) {
        return alloc.buffer(8).writeInt(8).writeInt(StartupCodes.SSL_REQUEST);
    }

    public static ByteBuf cancelRequest(ByteBufAllocator alloc, int processId, int secretKey) {
        return alloc.buffer(16).writeInt(16).writeInt(StartupCodes.CANCEL_REQUEST).writeInt(processId).writeInt(secretKey);
    }

    public static ByteBuf startupMessage(ByteBufAllocator alloc, Map<String, String> parameters) {
        ByteBuf buf = alloc.buffer(256);
        buf.writeInt(0);
        buf.writeInt(StartupCodes.PROTOCOL_3_0);
        parameters.forEach((name, value) -> {
            CStrings.write(buf, name);
            CStrings.write(buf, value);
        });
        buf.writeByte(0);
        buf.setInt(0, buf.writerIndex());
        return buf;
    }

    /** PasswordMessage for cleartext and MD5 authentication. */
    public static ByteBuf passwordMessage(ByteBufAllocator alloc, String password) {
        ByteBuf buf = start(alloc, FrontendType.PASSWORD);
        CStrings.write(buf, password);
        return finish(buf);
    }

    public static ByteBuf saslInitialResponse(ByteBufAllocator alloc, String mechanism, byte[] data) {
        ByteBuf buf = start(alloc, FrontendType.PASSWORD);
        CStrings.write(buf, mechanism);
        buf.writeInt(data.length).writeBytes(data);
        return finish(buf);
    }

    public static ByteBuf saslResponse(ByteBufAllocator alloc, byte[] data) {
        ByteBuf buf = start(alloc, FrontendType.PASSWORD);
        buf.writeBytes(data);
        return finish(buf);
    }

    /** A simple Query. */
    public static ByteBuf query(ByteBufAllocator alloc, String sql) {
        ByteBuf buf = start(alloc, FrontendType.QUERY);
        CStrings.write(buf, sql);
        return finish(buf);
    }

    /** A Parse of {@code sql} as prepared statement {@code name}, with no parameter types given. */
    public static ByteBuf parse(ByteBufAllocator alloc, String name, String sql) {
        ByteBuf buf = start(alloc, FrontendType.PARSE);
        CStrings.write(buf, name);
        CStrings.write(buf, sql);
        buf.writeShort(0);
        return finish(buf);
    }

    /** A Bind of prepared statement {@code statement} to {@code portal}, with no parameters. */
    public static ByteBuf bind(ByteBufAllocator alloc, String portal, String statement) {
        ByteBuf buf = start(alloc, FrontendType.BIND);
        CStrings.write(buf, portal);
        CStrings.write(buf, statement);
        buf.writeShort(0).writeShort(0).writeShort(0);
        return finish(buf);
    }

    public static ByteBuf sync(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeByte(FrontendType.SYNC.code()).writeInt(4);
    }

    public static ByteBuf terminate(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeByte(FrontendType.TERMINATE.code()).writeInt(4);
    }

    private static ByteBuf start(ByteBufAllocator alloc, FrontendType type) {
        ByteBuf buf = alloc.buffer(64);
        buf.writeByte(type.code());
        buf.writeInt(0);
        return buf;
    }

    private static ByteBuf finish(ByteBuf buf) {
        buf.setInt(1, buf.writerIndex() - 1);
        return buf;
    }
}
