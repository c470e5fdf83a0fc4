package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An error (or notice) pgguard itself reports to a client, in PostgreSQL's terms. Every one the client can
 * see is built by a named constructor in {@link ClientErrors}, so that the SQLSTATEs live in one place.
 *
 * @param severity ERROR, FATAL (the session ends), or NOTICE/WARNING for a NoticeResponse
 * @param detail   may be null
 * @param hint     may be null: what to do about it
 */
public record PgError(String severity, String sqlState, String message, String detail, String hint) {

    public static final String ERROR = "ERROR";
    public static final String FATAL = "FATAL";

    public PgError {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must be 5 characters, got " + sqlState);
        }
    }

    public boolean isFatal() {
        return FATAL.equals(severity);
    }

    /** An ErrorResponse ('E') frame. */
    public ByteBuf toErrorResponse(ByteBufAllocator alloc) {
        return encode(alloc, BackendType.ERROR_RESPONSE);
    }

    /** A NoticeResponse ('N') frame with the same fields. */
    public ByteBuf toNoticeResponse(ByteBufAllocator alloc) {
        return encode(alloc, BackendType.NOTICE_RESPONSE);
    }

    private ByteBuf encode(ByteBufAllocator alloc, BackendType type) {
        ByteBuf buf = alloc.buffer(64 + message.length() * 2);
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
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }
}
