package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** PostgreSQL's String: UTF-8 bytes ending with NUL. */
public final class CStrings {

    private CStrings() {
    }

    /**
     * Reads one string and moves the reader index past its terminator. A missing terminator means a malformed
     * message: {@code whenMalformed} is the protocol-violation message the client gets.
     */
    public static String read(ByteBuf buf, String whenMalformed) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolException(ClientErrors.protocolViolation(whenMalformed));
        }
        String value = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
        buf.readerIndex(end + 1);
        return value;
    }

    public static void write(ByteBuf buf, String value) {
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }
}
