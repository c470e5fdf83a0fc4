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

    /** Every ParameterStatus among whole backend frames (the greeting after authentication). */
    public static void forEachIn(ByteBuf frames, BiConsumer<String, String> sink) {
        int i = frames.readerIndex();
        while (frames.writerIndex() - i >= 5) {
            byte type = frames.getByte(i);
            int length = frames.getInt(i + 1);
            if (length < 4 || frames.writerIndex() - i - 1 < length) {
                return;
            }
            if (type == BackendType.PARAMETER_STATUS.code()) {
                read(frames.slice(i + 5, length - 4), sink);
            }
            i += 1 + length;
        }
    }
}
