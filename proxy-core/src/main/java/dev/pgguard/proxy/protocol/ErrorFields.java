package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;

import java.util.HashMap;
import java.util.Map;

/** The fields of an ErrorResponse or NoticeResponse body: code byte → value. */
public final class ErrorFields {

    private final Map<Character, String> fields;

    private ErrorFields(Map<Character, String> fields) {
        this.fields = fields;
    }

    public static ErrorFields parse(ByteBuf body) {
        Map<Character, String> fields = new HashMap<>();
        ByteBuf b = body.duplicate();
        while (b.isReadable()) {
            byte code = b.readByte();
            if (code == 0) {
                break;
            }
            fields.put((char) code, CStrings.read(b, "malformed ErrorResponse from the upstream"));
        }
        return new ErrorFields(fields);
    }

    public String sqlState() {
        return fields.getOrDefault('C', "XX000");
    }

    public String message() {
        return fields.getOrDefault('M', "(no message)");
    }

    /** The same error, as the client sees it: see {@link ClientErrors#upstreamRefused}. */
    public PgError asFatal() {
        return ClientErrors.upstreamRefused(sqlState(), message(), fields.get('D'), fields.get('H'));
    }
}
