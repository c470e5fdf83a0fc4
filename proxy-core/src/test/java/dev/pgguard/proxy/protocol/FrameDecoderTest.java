package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameDecoderTest {

    @Test
    void decodesFramesSplitAcrossReads() {
        ByteBuf two = Unpooled.buffer();
        two.writeByte('p').writeInt(4 + 3).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
        two.writeByte('X').writeInt(4);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100, "client"));
        assertFalse(channel.writeInbound(two.readRetainedSlice(3)));
        channel.writeInbound(two.readRetainedSlice(6));
        channel.writeInbound(two);
        Frame first = channel.readInbound();
        assertEquals('p', first.type());
        assertEquals("abc", first.body().toString(StandardCharsets.US_ASCII));
        first.release();
        Frame second = channel.readInbound();
        assertEquals('X', second.type());
        assertEquals(0, second.body().readableBytes());
        second.release();
        assertFalse(channel.finish());
    }

    @Test
    void refusesDeclaredLengthOverLimitBeforeBufferingBody() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100, "client"));
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.buffer().writeByte('p').writeInt(4 + 101)));
        ProtocolException cause = (ProtocolException) e.getCause();
        assertEquals("54000", cause.error().sqlState());
        discardBuffered(channel);
    }

    @Test
    void refusesLengthBelowFour() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100, "client"));
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.buffer().writeByte('p').writeInt(3)));
        assertEquals("08P01", ((ProtocolException) e.getCause()).error().sqlState());
        discardBuffered(channel);
    }

    /** After a refusal the real session closes; here, drop what the decoder still holds so nothing leaks. */
    private static void discardBuffered(EmbeddedChannel channel) {
        channel.pipeline().removeFirst();
        channel.releaseInbound();
        channel.close();
    }
}
