package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the untyped packets of the startup phase: Int32 length (itself included), Int32 code, payload.
 * The length is checked against PostgreSQL's own cap before a byte of the payload is buffered.
 */
public final class StartupPacketDecoder extends ByteToMessageDecoder {

    private static final String LAYOUT_ERROR = "invalid startup packet layout: expected terminator as last byte";

    /**
     * Bytes received but not yet decoded. Must be zero when answering SSLRequest with 'S': anything the client
     * sent before the TLS handshake could have been injected by someone in the middle (CVE-2021-23214).
     */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > StartupCodes.MAX_STARTUP_PACKET_LENGTH) {
            throw new ProtocolException(ClientErrors.protocolViolation("invalid length of startup packet: " + length));
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(4);
        int code = in.readInt();
        ByteBuf payload = in.readSlice(length - 8);
        out.add(decodePacket(code, payload));
    }

    private static StartupPacket decodePacket(int code, ByteBuf payload) {
        switch (code) {
            case StartupCodes.SSL_REQUEST:
                return new StartupPacket.SslRequest();
            case StartupCodes.GSSENC_REQUEST:
                return new StartupPacket.GssEncRequest();
            case StartupCodes.CANCEL_REQUEST:
                if (payload.readableBytes() != 8) {
                    throw new ProtocolException(ClientErrors.protocolViolation("invalid length of cancel request"));
                }
                return new StartupPacket.CancelRequest(payload.readInt(), payload.readInt());
            default:
                return new StartupPacket.StartupMessage(code, parameters(payload));
        }
    }

    /** Name/value C strings ending with an empty name, exactly filling the packet. */
    private static Map<String, String> parameters(ByteBuf payload) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            String name = CStrings.read(payload, LAYOUT_ERROR);
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, CStrings.read(payload, LAYOUT_ERROR));
        }
        if (payload.isReadable()) {
            throw new ProtocolException(ClientErrors.protocolViolation(LAYOUT_ERROR));
        }
        return parameters;
    }
}
