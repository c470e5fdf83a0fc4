package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.protocol.PgError;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The fields of an ErrorResponse or NoticeResponse body: code byte → value. */
final class ErrorFields {

    private final Map<Character, String> fields;

    private ErrorFields(Map<Character, String> fields) {
        this.fields = fields;
    }

    static ErrorFields parse(ByteBuf body) {
        Map<Character, String> fields = new HashMap<>();
        int i = body.readerIndex();
        int end = body.writerIndex();
        while (i < end) {
            byte code = body.getByte(i++);
            if (code == 0) {
                break;
            }
            int nul = body.indexOf(i, end, (byte) 0);
            if (nul < 0) {
                break;
            }
            fields.put((char) code, body.toString(i, nul - i, StandardCharsets.UTF_8));
            i = nul + 1;
        }
        return new ErrorFields(fields);
    }

    String sqlState() {
        return fields.getOrDefault('C', "XX000");
    }

    String message() {
        return fields.getOrDefault('M', "(no message)");
    }

    /** The same error, re-issued by pgguard as FATAL (the session cannot go on without an upstream). */
    PgError asFatal() {
        return new PgError(PgError.FATAL, sqlState(), message(), fields.get('D'), fields.get('H'));
    }
}
