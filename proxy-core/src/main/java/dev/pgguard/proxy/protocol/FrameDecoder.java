package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Decodes typed frames (Byte1 type, Int32 length including itself, body) into {@link Frame}s for the
 * phases where pgguard reads every message. The declared length is checked before the body is buffered.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxBodyLength;
    private final String peer;

    /**
     * @param maxBodyLength the largest body accepted
     * @param peer          who sends these frames, for the error message ("client", "upstream")
     */
    public FrameDecoder(int maxBodyLength, String peer) {
        if (maxBodyLength < 0) {
            throw new IllegalArgumentException("maxBodyLength: " + maxBodyLength + " (expected: >= 0)");
        }
        this.maxBodyLength = maxBodyLength;
        this.peer = peer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start + 1);
        if (length < 4) {
            throw new ProtocolException(ClientErrors.protocolViolation(
                    "invalid message length " + length + " from " + peer));
        }
        if (length - 4 > maxBodyLength) {
            throw new ProtocolException(ClientErrors.messageTooLarge(
                    "message from " + peer, length - 4L, maxBodyLength, "limits.max_message_size"));
        }
        if (in.readableBytes() < 1 + length) {
            return;
        }
        byte type = in.readByte();
        in.skipBytes(4);
        out.add(new Frame(type, in.readRetainedSlice(length - 4)));
    }
}
