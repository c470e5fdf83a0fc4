package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StartupPacketDecoderTest {

    @Test
    void decodesStartupMessageFedOneByteAtATime() {
        ByteBuf encoded = FrontendMessages.startupMessage(Unpooled.buffer().alloc(), Map.of("user", "agent1"));
        byte[] packet = ByteBufUtil.getBytes(encoded);
        encoded.release();
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        for (int i = 0; i < packet.length - 1; i++) {
            assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(packet, i, 1)), "decoded early at byte " + i);
        }
        channel.writeInbound(Unpooled.wrappedBuffer(packet, packet.length - 1, 1));
        StartupPacket.StartupMessage message = channel.readInbound();
        assertEquals(StartupCodes.PROTOCOL_3_0, message.protocolVersion());
        assertEquals(Map.of("user", "agent1"), message.parameters());
        assertFalse(channel.finish());
    }

    @Test
    void keepsParameterOrder() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(0).writeInt(StartupCodes.PROTOCOL_3_0);
        for (String s : new String[] {"user", "u", "database", "d", "application_name", "psql"}) {
            buf.writeCharSequence(s, StandardCharsets.UTF_8);
            buf.writeByte(0);
        }
        buf.writeByte(0);
        buf.setInt(0, buf.readableBytes());
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        channel.writeInbound(buf);
        StartupPacket.StartupMessage message = channel.readInbound();
        assertEquals("[user, database, application_name]", message.parameters().keySet().toString());
    }

    @Test
    void decodesSslGssAndCancelRequests() {
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        channel.writeInbound(Unpooled.buffer().writeInt(8).writeInt(StartupCodes.SSL_REQUEST)
                .writeInt(8).writeInt(StartupCodes.GSSENC_REQUEST)
                .writeInt(16).writeInt(StartupCodes.CANCEL_REQUEST).writeInt(1234).writeInt(-5));
        assertInstanceOf(StartupPacket.SslRequest.class, channel.readInbound());
        assertInstanceOf(StartupPacket.GssEncRequest.class, channel.readInbound());
        assertEquals(new StartupPacket.CancelRequest(1234, -5), channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void refusesOversizedLengthBeforeBufferingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.buffer().writeInt(2_000_000_000).writeInt(StartupCodes.PROTOCOL_3_0)));
        ProtocolException cause = assertInstanceOf(ProtocolException.class, e.getCause());
        assertEquals("08P01", cause.error().sqlState());
        assertEquals("invalid length of startup packet: 2000000000", cause.error().message());
        discardBuffered(channel);
    }

    @Test
    void refusesPacketOverPostgresCapOf10000Bytes() {
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.buffer().writeInt(10_001)));
        assertNull(channel.readInbound());
        discardBuffered(channel);
    }

    @Test
    void refusesParametersWithoutTerminator() {
        ByteBuf buf = Unpooled.buffer().writeInt(0).writeInt(StartupCodes.PROTOCOL_3_0);
        buf.writeCharSequence("user\0agent", StandardCharsets.UTF_8);
        buf.setInt(0, buf.readableBytes());
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(buf));
        assertEquals("invalid startup packet layout: expected terminator as last byte", e.getCause().getMessage());
        discardBuffered(channel);
    }

    @Test
    void refusesCancelRequestOfWrongLength() {
        EmbeddedChannel channel = new EmbeddedChannel(new StartupPacketDecoder());
        assertThrows(DecoderException.class, () -> channel.writeInbound(
                Unpooled.buffer().writeInt(12).writeInt(StartupCodes.CANCEL_REQUEST).writeInt(1)));
        discardBuffered(channel);
    }

    /** After a refusal the real session closes; here, drop what the decoder still holds so nothing leaks. */
    private static void discardBuffered(EmbeddedChannel channel) {
        channel.pipeline().removeFirst();
        channel.releaseInbound();
        channel.close();
    }
}
