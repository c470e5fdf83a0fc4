package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;

/**
 * Reads ParameterStatus ('S') messages: the server reports the settings a client must know, such as
 * {@code standard_conforming_strings}, which changes how SQL is tokenized.
 */
public final class ParameterStatus {

    private ParameterStatus() {
    }

    /** Reads one ParameterStatus body (name, value: two C strings). */
    public static void read(ByteBuf body, BiConsumer<String, String> sink) {
        ByteBuf b = body.duplicate();
        String name = CStrings.read(b, "ParameterStatus name is not NUL-terminated");
        String value = CStrings.read(b, "ParameterStatus value is not NUL-terminated");
        sink.accept(name, value);
    }
}
