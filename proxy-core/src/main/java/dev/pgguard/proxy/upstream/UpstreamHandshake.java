package dev.pgguard.proxy.upstream;

import dev.pgguard.config.Secret;
import dev.pgguard.config.UpstreamConfig;
import dev.pgguard.proxy.auth.Md5Password;
import dev.pgguard.proxy.auth.SaltedPasswordCache;
import dev.pgguard.proxy.auth.ScramClient;
import dev.pgguard.proxy.auth.ScramException;
import dev.pgguard.proxy.protocol.ErrorFields;
import dev.pgguard.proxy.protocol.BackendType;
import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.Frame;
import dev.pgguard.proxy.protocol.FrameDecoder;
import dev.pgguard.proxy.protocol.FrontendMessages;
import dev.pgguard.proxy.protocol.ParameterStatus;
import dev.pgguard.proxy.protocol.StartupCodes;
import dev.pgguard.proxy.session.CancelKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pgguard logging in to the upstream as a client: StartupMessage with the real user, then whatever
 * authentication the server asks for (SCRAM-SHA-256, MD5, cleartext), collecting the ParameterStatus/NoticeResponse
 * greeting and BackendKeyData until ReadyForQuery. Completes {@code result} and removes itself; on failure
 * completes it exceptionally and closes the channel.
 *
 * <p>Phases: AWAITING_TLS (until {@link UpstreamTlsNegotiation} fires {@link UpstreamTlsNegotiation#NEGOTIATED})
 * → AUTHENTICATING (the frame decoder is in place) → DONE ({@code result} is complete). No field repeats them:
 * the pipeline and {@code result} already say which phase this is.
 */
final class UpstreamHandshake extends ChannelInboundHandlerAdapter {

    /** Authentication frames are small; anything larger from a server we are not yet logged in to is suspect. */
    private static final int MAX_HANDSHAKE_FRAME = 1 << 20;

    private final UpstreamConfig config;
    private final Map<String, String> startupParameters;
    private final Promise<UpstreamConnection> result;
    private final SecureRandom random;
    private final SaltedPasswordCache saltedPasswords;
    private final Map<String, String> serverParameters = new LinkedHashMap<>();
    private ScramClient scram;
    /** The ParameterStatus and NoticeResponse frames, header included, as the client will get them. */
    private ByteBuf greeting;
    private CancelKey key;

    UpstreamHandshake(UpstreamConfig config, Map<String, String> startupParameters,
                      Promise<UpstreamConnection> result, SecureRandom random, SaltedPasswordCache saltedPasswords) {
        this.config = config;
        this.startupParameters = startupParameters;
        this.result = result;
        this.random = random;
        this.saltedPasswords = saltedPasswords;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == UpstreamTlsNegotiation.NEGOTIATED) {
            startAuthentication(ctx);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void startAuthentication(ChannelHandlerContext ctx) {
        greeting = ctx.alloc().buffer(512);
        ctx.pipeline().addBefore(ctx.name(), "upstream-frames", new FrameDecoder(MAX_HANDSHAKE_FRAME, "upstream"));
        ctx.writeAndFlush(FrontendMessages.startupMessage(ctx.alloc(), startupParameters));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (result.isDone()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            handleFrame(ctx, (Frame) msg);
        } catch (UpstreamException e) {
            fail(ctx, e);
        } catch (ScramException e) {
            fail(ctx, UpstreamException.loginFailed("SCRAM authentication to the upstream failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            fail(ctx, UpstreamException.unavailable("unexpected upstream handshake failure: " + e,
                    "the upstream answered with an unexpected message", e));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handleFrame(ChannelHandlerContext ctx, Frame frame) throws UpstreamException, ScramException {
        BackendType type = BackendType.of(frame.type());
        if (type == null) {
            throw UpstreamException.unavailable(
                    "unknown message type " + (frame.type() & 0xFF) + " during upstream login");
        }
        ByteBuf body = frame.body();
        switch (type) {
            case AUTHENTICATION -> authenticate(ctx, body);
            case PARAMETER_STATUS -> {
                ParameterStatus.read(body, serverParameters::put);
                keepForClient(frame);
            }
            case NOTICE_RESPONSE -> keepForClient(frame);
            case BACKEND_KEY_DATA -> key = new CancelKey(body.readInt(), body.readInt());
            case NEGOTIATE_PROTOCOL_VERSION -> {
                // pgguard asks for 3.0 without _pq_ options, so a server never needs to send this; harmless.
            }
            case ERROR_RESPONSE -> throw refused(ErrorFields.parse(body));
            case READY_FOR_QUERY -> finish(ctx, body.readByte());
            default -> throw UpstreamException.unavailable(
                    "unexpected message '" + (char) frame.type() + "' during upstream login");
        }
    }

    private void authenticate(ChannelHandlerContext ctx, ByteBuf body) throws UpstreamException, ScramException {
        int code = body.readInt();
        switch (code) {
            case StartupCodes.AUTH_OK -> {
                // greeting frames follow
            }
            case StartupCodes.AUTH_CLEARTEXT_PASSWORD ->
                    ctx.writeAndFlush(FrontendMessages.passwordMessage(ctx.alloc(), password()));
            case StartupCodes.AUTH_MD5_PASSWORD -> {
                byte[] salt = new byte[4];
                body.readBytes(salt);
                String encoded = Md5Password.encode(config.user(), password(), salt);
                ctx.writeAndFlush(FrontendMessages.passwordMessage(ctx.alloc(), encoded));
            }
            case StartupCodes.AUTH_SASL -> {
                List<String> mechanisms = new ArrayList<>();
                for (String m = readMechanism(body); !m.isEmpty(); m = readMechanism(body)) {
                    mechanisms.add(m);
                }
                scram = new ScramClient(password(), random, saltedPasswords);
                String mechanism = scram.chooseMechanism(mechanisms);
                ctx.writeAndFlush(FrontendMessages.saslInitialResponse(ctx.alloc(), mechanism, scram.clientFirst()));
            }
            case StartupCodes.AUTH_SASL_CONTINUE -> {
                requireScram();
                byte[] clientFinal = scram.handleServerFirst(ByteBufUtil.getBytes(body));
                ctx.writeAndFlush(FrontendMessages.saslResponse(ctx.alloc(), clientFinal));
            }
            case StartupCodes.AUTH_SASL_FINAL -> {
                requireScram();
                scram.handleServerFinal(ByteBufUtil.getBytes(body));
            }
            default -> throw UpstreamException.unavailable("the upstream asks for an authentication method pgguard "
                    + "does not support (code " + code + "); use scram-sha-256, md5 or password for pgguard's user");
        }
    }

    private static String readMechanism(ByteBuf body) {
        return CStrings.read(body, "malformed AuthenticationSASL from the upstream");
    }

    private void requireScram() throws UpstreamException {
        if (scram == null) {
            throw UpstreamException.unavailable(
                    "the upstream sent a SASL message before SASL authentication started");
        }
    }

    private String password() throws UpstreamException {
        return config.password().map(Secret::reveal).orElseThrow(() -> UpstreamException.loginFailed(
                "the upstream asks for a password but upstream.password / upstream.password_file is not configured"));
    }

    private void keepForClient(Frame frame) {
        ByteBuf body = frame.body();
        greeting.writeByte(frame.type()).writeInt(4 + body.readableBytes())
                .writeBytes(body, body.readerIndex(), body.readableBytes());
    }

    /**
     * Hands the connection over. The listener on {@code result} runs inline (we are on the channel's event loop)
     * and installs the relay at the end of the pipeline; only then is the frame decoder removed, so any bytes it
     * still holds flow into the relay as raw bytes.
     */
    private void finish(ChannelHandlerContext ctx, byte transactionStatus) throws UpstreamException {
        if (key == null) {
            throw UpstreamException.unavailable("the upstream sent no BackendKeyData");
        }
        ctx.channel().config().setAutoRead(false);
        ByteBuf handedOver = greeting;
        greeting = null;
        if (!result.trySuccess(new UpstreamConnection(ctx.channel(), handedOver,
                Collections.unmodifiableMap(serverParameters), transactionStatus, key))) {
            handedOver.release();
        }
        ctx.pipeline().remove(this);
    }

    /** Class 28 (invalid authorization) would name pgguard's real user: the client never sees it. */
    private static UpstreamException refused(ErrorFields error) {
        String log = "the upstream refused the login: " + error.sqlState() + " " + error.message();
        return error.sqlState().startsWith("28")
                ? UpstreamException.loginFailed(log) : UpstreamException.refused(log, error.asFatal());
    }

    private void fail(ChannelHandlerContext ctx, UpstreamException e) {
        if (result.tryFailure(e)) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, UpstreamException.unavailable("the upstream closed the connection during login"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof UpstreamTlsNegotiation.NegotiationException e) {
            String log = e.getMessage() + (e.getCause() != null ? ": " + e.getCause() : "");
            fail(ctx, UpstreamException.unavailable(log, e.getMessage(), e.getCause()));
            return;
        }
        fail(ctx, UpstreamException.unavailable("upstream connection error during login: " + cause,
                UpstreamException.rootMessage(cause), cause));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (greeting != null) {
            greeting.release();
            greeting = null;
        }
        if (ctx.pipeline().context("upstream-frames") != null) {
            ctx.pipeline().remove("upstream-frames");
        }
    }
}
