package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parts of a Bind ('B') message pgguard reads when the statement it binds is held: which statement, and
 * the parameter values (for the approver to see, and for an approval to bind to). Layout per the protocol
 * documentation: portal, statement, Int16 format-code count and codes, Int16 value count, then each value as
 * Int32 length (-1 = NULL) and bytes, then the result format codes (not needed here).
 *
 * @param values raw parameter values, null for NULL
 * @param binary per value, whether it is in binary format
 */
public record BindMessage(String portal, String statement, List<byte[]> values, List<Boolean> binary) {

    private static final String MALFORMED = "malformed Bind message";

    /** Decodes {@code body} (the bytes after the header) without moving its indexes. */
    public static BindMessage decode(ByteBuf body) {
        ByteBuf in = body.duplicate();
        try {
            String portal = CStrings.read(in, MALFORMED);
            String statement = CStrings.read(in, MALFORMED);
            int formatCount = in.readUnsignedShort();
            short[] formats = new short[formatCount];
            for (int i = 0; i < formatCount; i++) {
                formats[i] = in.readShort();
            }
            int valueCount = in.readUnsignedShort();
            if (formatCount > 1 && formatCount != valueCount) {
                throw new ProtocolException(ClientErrors.protocolViolation(
                        "bind message has " + formatCount + " parameter formats but " + valueCount + " parameters"));
            }
            List<byte[]> values = new ArrayList<>(valueCount);
            List<Boolean> binary = new ArrayList<>(valueCount);
            for (int i = 0; i < valueCount; i++) {
                int length = in.readInt();
                values.add(length < 0 ? null : ByteBufUtil.getBytes(in.readSlice(length)));
                short format = formatCount == 0 ? 0 : formatCount == 1 ? formats[0] : formats[i];
                binary.add(format == 1);
            }
            return new BindMessage(portal, statement, Collections.unmodifiableList(values), List.copyOf(binary));
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException(ClientErrors.protocolViolation(MALFORMED));
        }
    }

    /** For a person: text values as text, binary ones as {@code \x} hex (as bytea prints), NULL as null. */
    public List<String> displayValues() {
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i);
            out.add(v == null ? null : binary.get(i) ? "\\x" + ByteBufUtil.hexDump(v)
                    : new String(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
