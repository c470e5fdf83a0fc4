package dev.pgguard.proxy.upstream;

import dev.pgguard.config.Secret;
import dev.pgguard.config.UpstreamConfig;
import dev.pgguard.proxy.auth.Md5Password;
import dev.pgguard.proxy.auth.SaltedPasswordCache;
import dev.pgguard.proxy.auth.ScramClient;
import dev.pgguard.proxy.auth.ScramException;
import dev.pgguard.proxy.protocol.BackendType;
import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.Frame;
import dev.pgguard.proxy.protocol.FrameDecoder;
import dev.pgguard.proxy.protocol.FrontendMessages;
import dev.pgguard.proxy.protocol.StartupCodes;
import dev.pgguard.proxy.session.CancelKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pgguard logging in to the upstream as a client: SSLRequest (per sslmode), StartupMessage with the real
 * user, then whatever authentication the server asks for (SCRAM-SHA-256, MD5, cleartext), collecting the
 * ParameterStatus/NoticeResponse greeting and BackendKeyData until ReadyForQuery. Completes {@code result}
 * and removes itself; on failure completes it exceptionally and closes the channel.
 *
 * <p>Runs after {@link UpstreamTlsNegotiation}. States: AWAITING_TLS → AUTHENTICATING (typed frames) → DONE.
 */
final class UpstreamHandshake extends ChannelInboundHandlerAdapter {

    private enum State { AWAITING_TLS, AUTHENTICATING, DONE }

    /** Authentication frames are small; anything larger from a server we are not yet logged in to is suspect. */
    private static final int MAX_HANDSHAKE_FRAME = 1 << 20;

    private final UpstreamConfig config;
    private final Map<String, String> startupParameters;
    private final Promise<UpstreamConnection> result;
    private final SecureRandom random;
    private final SaltedPasswordCache saltedPasswords;
    private State state = State.AWAITING_TLS;
    private ScramClient scram;
    private CompositeByteBuf greeting;
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
    public void channelActive(ChannelHandlerContext ctx) {
        greeting = ctx.alloc().compositeBuffer(64);
        ctx.fireChannelActive();
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
        state = State.AUTHENTICATING;
        ctx.pipeline().addBefore(ctx.name(), "upstream-frames", new FrameDecoder(MAX_HANDSHAKE_FRAME, "upstream"));
        ctx.writeAndFlush(FrontendMessages.startupMessage(ctx.alloc(), startupParameters));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (result.isDone()) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            handleFrame(ctx, (Frame) msg);
        } catch (UpstreamException e) {
            fail(ctx, e);
        } catch (ScramException e) {
            fail(ctx, new UpstreamException("SCRAM authentication to the upstream failed: " + e.getMessage(),
                    ClientErrors.upstreamLoginFailed(), "upstream_auth", null));
        } catch (RuntimeException e) {
            fail(ctx, new UpstreamException("unexpected upstream handshake failure: " + e,
                    ClientErrors.upstreamUnavailable("the upstream answered with an unexpected message"),
                    "upstream_unavailable", e));
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    private void handleFrame(ChannelHandlerContext ctx, Frame frame) throws UpstreamException, ScramException {
        BackendType type = BackendType.of(frame.type());
        if (type == null) {
            throw unavailable("unknown message type " + (frame.type() & 0xFF) + " during upstream login");
        }
        ByteBuf body = frame.body();
        switch (type) {
            case AUTHENTICATION -> authenticate(ctx, body);
            case PARAMETER_STATUS, NOTICE_RESPONSE -> keepForClient(frame);
            case BACKEND_KEY_DATA -> key = new CancelKey(body.readInt(), body.readInt());
            case NEGOTIATE_PROTOCOL_VERSION -> {
                // pgguard asks for 3.0 without _pq_ options, so a server never needs to send this; harmless.
            }
            case ERROR_RESPONSE -> throw refused(ErrorFields.parse(body));
            case READY_FOR_QUERY -> finish(ctx, frame);
            default -> throw unavailable("unexpected message '" + (char) frame.type() + "' during upstream login");
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
            default -> throw unavailable("the upstream asks for an authentication method pgguard does not "
                    + "support (code " + code + "); use scram-sha-256, md5 or password for pgguard's user");
        }
    }

    private static String readMechanism(ByteBuf body) {
        return CStrings.read(body, "malformed AuthenticationSASL from the upstream");
    }

    private void requireScram() throws UpstreamException {
        if (scram == null) {
            throw unavailable("the upstream sent a SASL message before SASL authentication started");
        }
    }

    private String password() throws UpstreamException {
        return config.password().map(Secret::reveal).orElseThrow(() -> new UpstreamException(
                "the upstream asks for a password but upstream.password / upstream.password_file is not configured",
                ClientErrors.upstreamLoginFailed(), "upstream_auth", null));
    }

    private void keepForClient(Frame frame) {
        ByteBuf raw = frame.body().alloc().buffer(5 + frame.body().readableBytes());
        raw.writeByte(frame.type()).writeInt(4 + frame.body().readableBytes()).writeBytes(frame.body(),
                frame.body().readerIndex(), frame.body().readableBytes());
        greeting.addComponent(true, raw);
    }

    /**
     * Hands the connection over. The listener on {@code result} runs inline (we are on the channel's event loop)
     * and installs the relay at the end of the pipeline; only then is the frame decoder removed, so any bytes it
     * still holds flow into the relay as raw bytes.
     */
    private void finish(ChannelHandlerContext ctx, Frame frame) throws UpstreamException {
        if (key == null) {
            throw unavailable("the upstream sent no BackendKeyData");
        }
        ByteBuf readyForQuery = ctx.alloc().buffer(6).writeByte(frame.type()).writeInt(5)
                .writeBytes(frame.body(), frame.body().readerIndex(), 1);
        state = State.DONE;
        ctx.channel().config().setAutoRead(false);
        CompositeByteBuf handedOver = greeting;
        greeting = null;
        if (!result.trySuccess(new UpstreamConnection(ctx.channel(), handedOver, readyForQuery, key))) {
            handedOver.release();
            readyForQuery.release();
        }
        ctx.pipeline().remove(this);
    }

    private static UpstreamException unavailable(String reason) {
        return new UpstreamException(reason, ClientErrors.upstreamUnavailable(reason), "upstream_unavailable", null);
    }

    /** Class 28 (invalid authorization) would name pgguard's real user: the client never sees it. */
    private static UpstreamException refused(ErrorFields error) {
        String log = "the upstream refused the login: " + error.sqlState() + " " + error.message();
        if (error.sqlState().startsWith("28")) {
            return new UpstreamException(log, ClientErrors.upstreamLoginFailed(), "upstream_auth", null);
        }
        return new UpstreamException(log, error.asFatal(), "upstream_refused", null);
    }

    private void fail(ChannelHandlerContext ctx, UpstreamException e) {
        if (result.tryFailure(e)) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, unavailable("the upstream closed the connection during login"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof UpstreamTlsNegotiation.NegotiationException e) {
            fail(ctx, new UpstreamException(e.getMessage() + (e.getCause() != null ? ": " + e.getCause() : ""),
                    ClientErrors.upstreamUnavailable(e.getMessage()), "upstream_unavailable", e.getCause()));
            return;
        }
        fail(ctx, new UpstreamException("upstream connection error during login: " + cause,
                ClientErrors.upstreamUnavailable(rootMessage(cause)), "upstream_unavailable", cause));
    }

    static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
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
