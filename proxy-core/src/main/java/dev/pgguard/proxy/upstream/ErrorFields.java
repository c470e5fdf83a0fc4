package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import io.netty.buffer.ByteBuf;

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

    String sqlState() {
        return fields.getOrDefault('C', "XX000");
    }

    String message() {
        return fields.getOrDefault('M', "(no message)");
    }

    /** The same error, as the client sees it: see {@link ClientErrors#upstreamRefused}. */
    PgError asFatal() {
        return ClientErrors.upstreamRefused(sqlState(), message(), fields.get('D'), fields.get('H'));
    }
}
