package dev.pgguard.proxy.upstream;

import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import dev.pgguard.proxy.auth.SaltedPasswordCache;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.session.CancelKey;
import dev.pgguard.proxy.testing.WireClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pgguard's login to the upstream, fed scripted server bytes: whole, and one byte per read. */
class UpstreamHandshakeTest {

    private static final byte[] PARAMETER_STATUS = WireClient.frame('S', bytes("server_version\0" + "17.0\0"));
    private static final byte[] SCS = WireClient.frame('S', bytes("standard_conforming_strings\0" + "on\0"));
    private static final byte[] NOTICE = WireClient.frame('N', bytes("SNOTICE\0" + "C00000\0" + "Mhello\0\0"));

    @Test
    void greetingIsHandedOverAsSentWithItsParametersDecoded() {
        byte[] greeting = concat(PARAMETER_STATUS, NOTICE, SCS);
        byte[] server = concat(WireClient.frame('R', new byte[] {0, 0, 0, 0}), greeting,
                WireClient.frame('K', new byte[] {0, 0, 0, 7, 0, 0, 0, 9}), WireClient.frame('Z', new byte[] {'I'}));
        for (int chunk : new int[] {server.length, 1}) {
            Login login = new Login();
            login.receive(server, chunk);
            assertTrue(login.result.isSuccess(), () -> "chunk " + chunk + ": " + login.result.cause());
            UpstreamConnection connection = login.result.getNow();
            try {
                assertEquals(ByteBufUtil.hexDump(greeting), ByteBufUtil.hexDump(connection.greeting()),
                        "ParameterStatus and NoticeResponse frames, byte for byte, in order");
                assertEquals(Map.of("server_version", "17.0", "standard_conforming_strings", "on"),
                        connection.serverParameters());
                assertEquals('I', connection.transactionStatus());
                assertEquals(new CancelKey(7, 9), connection.key());
            } finally {
                connection.greeting().release();
            }
            assertFalse(login.channel.finish());
        }
    }

    @Test
    void aRefusalThatNamesNoCredentialReachesTheClientAsFatal() {
        UpstreamException e = refusedWith(WireClient.frame('E',
                bytes("SFATAL\0" + "C3D000\0" + "Mdatabase \"nope\" does not exist\0\0")));
        assertEquals("upstream_refused", e.kind());
        assertEquals(new PgError(PgError.FATAL, "3D000", "database \"nope\" does not exist", null, null),
                e.clientError());
    }

    @Test
    void aRefusedLoginNeverShowsTheUpstreamsWords() {
        UpstreamException e = refusedWith(WireClient.frame('E',
                bytes("SFATAL\0" + "C28P01\0" + "Mpassword authentication failed for user \"realuser\"\0\0")));
        assertEquals("upstream_auth", e.kind());
        assertEquals(ClientErrors.upstreamLoginFailed(), e.clientError());
    }

    @Test
    void aMalformedErrorResponseMakesTheUpstreamUnavailable() {
        UpstreamException e = refusedWith(WireClient.frame('E', bytes("SFATAL\0" + "C3D000")));
        assertEquals("upstream_unavailable", e.kind());
        assertEquals("08006", e.clientError().sqlState());
    }

    private static UpstreamException refusedWith(byte[] error) {
        Login login = new Login();
        login.receive(error, error.length);
        assertFalse(login.result.isSuccess());
        assertFalse(login.channel.isOpen(), "the upstream connection is closed");
        assertFalse(login.channel.finish());
        return assertInstanceOf(UpstreamException.class, login.result.cause());
    }

    /** A handshake past TLS negotiation, its StartupMessage sent. */
    private static final class Login {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final Promise<UpstreamConnection> result = channel.eventLoop().newPromise();

        Login() {
            UpstreamConfig config = new UpstreamConfig("db.example", 5432, Optional.empty(), "realuser",
                    Optional.empty(), SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(5));
            channel.pipeline().addLast(new UpstreamHandshake(config, Map.of("user", "realuser"), result,
                    new SecureRandom(), new SaltedPasswordCache()));
            channel.pipeline().fireUserEventTriggered(UpstreamTlsNegotiation.NEGOTIATED);
            ReferenceCountUtil.release(channel.readOutbound()); // the StartupMessage
        }

        void receive(byte[] server, int chunk) {
            for (int i = 0; i < server.length && channel.isOpen(); i += chunk) {
                ByteBuf part = Unpooled.wrappedBuffer(server, i, Math.min(chunk, server.length - i));
                channel.writeInbound(part);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
