package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Objects;

/**
 * An error pgguard itself reports to a client, in PostgreSQL's terms. Every one the client can see is built by a
 * named constructor in {@link ClientErrors}, so that the SQLSTATEs live in one place.
 *
 * @param severity ERROR, or FATAL (the session ends); WARNING for a notice
 * @param detail   may be null
 * @param hint     may be null: what to do about it
 */
public record PgError(String severity, String sqlState, String message, String detail, String hint) {

    public static final String ERROR = "ERROR";
    public static final String FATAL = "FATAL";
    public static final String WARNING = "WARNING";

    public PgError {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must be 5 characters, got " + sqlState);
        }
    }

    /** An ErrorResponse ('E') frame. */
    public ByteBuf toErrorResponse(ByteBufAllocator alloc) {
        return toMessage(alloc, BackendType.ERROR_RESPONSE);
    }

    /** A NoticeResponse ('N') frame: the same fields, and the session goes on as if nothing was said. */
    public ByteBuf toNoticeResponse(ByteBufAllocator alloc) {
        return toMessage(alloc, BackendType.NOTICE_RESPONSE);
    }

    private ByteBuf toMessage(ByteBufAllocator alloc, BackendType type) {
        int texts = message.length() + (detail == null ? 0 : detail.length()) + (hint == null ? 0 : hint.length());
        ByteBuf buf = alloc.buffer(64 + texts * 3);
        buf.writeByte(type.code());
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        field(buf, 'S', severity);
        field(buf, 'V', severity); // non-localised severity, which drivers (pgjdbc among them) prefer
        field(buf, 'C', sqlState);
        field(buf, 'M', message);
        if (detail != null) {
            field(buf, 'D', detail);
        }
        if (hint != null) {
            field(buf, 'H', hint);
        }
        buf.writeByte(0);
        buf.setInt(lengthIndex, buf.writerIndex() - lengthIndex);
        return buf;
    }

    private static void field(ByteBuf buf, char code, String value) {
        buf.writeByte(code);
        CStrings.write(buf, value);
    }
}
