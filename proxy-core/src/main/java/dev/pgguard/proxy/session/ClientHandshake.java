package dev.pgguard.proxy.session;

import dev.pgguard.proxy.auth.ScramException;
import dev.pgguard.proxy.auth.ScramServer;
import dev.pgguard.proxy.auth.ScramVerifier;
import dev.pgguard.proxy.inspect.SessionInfo;
import dev.pgguard.proxy.protocol.BackendMessages;
import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.Frame;
import dev.pgguard.proxy.protocol.FrameDecoder;
import dev.pgguard.proxy.protocol.FrontendMessages;
import dev.pgguard.proxy.protocol.FrontendType;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.protocol.ProtocolException;
import dev.pgguard.proxy.protocol.StartupCodes;
import dev.pgguard.proxy.protocol.StartupPacket;
import dev.pgguard.proxy.protocol.StartupPacketDecoder;
import dev.pgguard.proxy.relay.Session;
import dev.pgguard.proxy.upstream.Environments;
import dev.pgguard.proxy.upstream.UpstreamConnection;
import dev.pgguard.proxy.upstream.UpstreamException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client connection from its first byte until the relay takes over: encryption negotiation, the startup
 * message, SCRAM-SHA-256 authentication as an agent, then pgguard's own login upstream, then the greeting
 * (ParameterStatus from the upstream, a BackendKeyData pgguard issues, ReadyForQuery).
 *
 * <p>States: STARTUP (untyped packets: SSLRequest, GSSENCRequest, CancelRequest, StartupMessage) →
 * AUTHENTICATING (typed 'p' frames) → CONNECTING_UPSTREAM (client reads paused) → handed to {@link Session}.
 * The whole of STARTUP and AUTHENTICATING must fit in {@code limits.startup_timeout}.
 */
public final class ClientHandshake extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientHandshake.class);

    /** PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH: SASL messages are small. */
    private static final int MAX_AUTH_MESSAGE = 65_535;

    private enum State { STARTUP, AUTHENTICATING, CONNECTING_UPSTREAM, HANDED_OVER, CLOSED }

    private final ProxyContext context;
    private State state = State.STARTUP;
    private ScheduledFuture<?> startupTimeout;
    private StartupPacket.StartupMessage startup;
    /** Who this is, from the startup message on: agent and database as asked for, for the logs and the session. */
    private SessionInfo info;
    /** Where the session goes; null when the database name the client asked for is no environment. */
    private Environments.Route route;
    private ScramServer scram;
    private boolean saslStarted;

    public ClientHandshake(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!context.registry().tryAcceptConnection(context.limits().maxClientConnections())) {
            refuse(ctx, ClientErrors.tooManyClients(context.limits().maxClientConnections()), "too_many_clients");
            return;
        }
        ctx.channel().closeFuture().addListener(f -> context.registry().connectionClosed());
        startupTimeout = ctx.executor().schedule(() -> {
            if (state == State.STARTUP || state == State.AUTHENTICATING) {
                refuse(ctx, ClientErrors.startupTimeout(), "startup_timeout");
            }
        }, context.limits().startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.STARTUP && msg instanceof StartupPacket packet) {
                onStartupPacket(ctx, packet);
            } else if (state == State.AUTHENTICATING && msg instanceof Frame frame) {
                onAuthFrame(ctx, frame);
            } else if (state != State.CLOSED) {
                refuse(ctx, ClientErrors.protocolViolation("unexpected message during startup"), "protocol_violation");
            }
        } catch (ProtocolException e) {
            refuse(ctx, e.error(), "protocol_violation");
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.STARTUP || state == State.AUTHENTICATING) {
            ctx.read();
        }
    }

    // ---- STARTUP ------------------------------------------------------------------------------------

    private void onStartupPacket(ChannelHandlerContext ctx, StartupPacket packet) {
        if (packet instanceof StartupPacket.SslRequest) {
            answerSslRequest(ctx);
        } else if (packet instanceof StartupPacket.GssEncRequest) {
            ctx.writeAndFlush(BackendMessages.encryptionResponse(ctx.alloc(), false));
        } else if (packet instanceof StartupPacket.CancelRequest cancel) {
            context.registry().cancel(new CancelKey(cancel.processId(), cancel.secretKey()));
            state = State.CLOSED;
            ctx.close();
        } else {
            onStartupMessage(ctx, (StartupPacket.StartupMessage) packet);
        }
    }

    private void answerSslRequest(ChannelHandlerContext ctx) {
        boolean alreadyTls = ctx.pipeline().get(SslHandler.class) != null;
        if (alreadyTls) {
            throw new ProtocolException(ClientErrors.protocolViolation("SSLRequest received on an encrypted connection"));
        }
        if (context.clientTls().isEmpty()) {
            ctx.writeAndFlush(BackendMessages.encryptionResponse(ctx.alloc(), false));
            return;
        }
        StartupPacketDecoder decoder = ctx.pipeline().get(StartupPacketDecoder.class);
        if (decoder.bufferedBytes() > 0) {
            throw new ProtocolException(ClientErrors.protocolViolation(
                    "received unencrypted data after SSL request"));
        }
        // A start-TLS handler (see ClientTls): the 'S' below is the last plaintext byte; everything after it is TLS.
        ctx.pipeline().addFirst("tls", context.clientTls().get().newHandler(ctx.alloc()));
        ctx.writeAndFlush(BackendMessages.encryptionResponse(ctx.alloc(), true));
    }

    private void onStartupMessage(ChannelHandlerContext ctx, StartupPacket.StartupMessage message) {
        int version = message.protocolVersion();
        if (StartupCodes.major(version) != 3) {
            throw new ProtocolException(ClientErrors.unsupportedProtocol(StartupCodes.major(version),
                    StartupCodes.minor(version)));
        }
        List<String> unrecognized = new ArrayList<>();
        message.parameters().keySet().stream().filter(name -> name.startsWith("_pq_.")).forEach(unrecognized::add);
        if (StartupCodes.minor(version) > 0 || !unrecognized.isEmpty()) {
            // 3.2 (or any 3.x) is negotiated down to 3.0, before authentication, as PostgreSQL does.
            ctx.write(BackendMessages.negotiateProtocolVersion(ctx.alloc(), StartupCodes.PROTOCOL_3_0, unrecognized));
        }
        if (isReplication(message.parameters().get("replication"))) {
            throw new ProtocolException(ClientErrors.replicationRefused());
        }
        String user = message.parameters().get("user");
        if (user == null || user.isEmpty()) {
            throw new ProtocolException(ClientErrors.missingUser());
        }
        String requestedDatabase = message.parameters().get("database");
        String database = requestedDatabase == null || requestedDatabase.isEmpty() ? user : requestedDatabase;
        startup = message;
        // routed now, for the records; whether this agent may go there is checked once it has authenticated
        route = context.environments().route(database).orElse(null);
        info = new SessionInfo(context.registry().nextSessionId(), user, route == null ? database : route.database(),
                route == null ? null : route.environment(), clientAddress(ctx));
        context.audit().sessionOpened(info);

        ScramVerifier verifier = context.agents().verifier(user);
        if (verifier == null) {
            // Go through a full exchange with a fake verifier: an unknown agent fails exactly like a wrong password.
            verifier = ScramVerifier.mock(user, context.mockSecret());
        }
        scram = new ScramServer(verifier, false, context.random());
        state = State.AUTHENTICATING;
        ctx.pipeline().replace(StartupPacketDecoder.class, "client-frames", new FrameDecoder(MAX_AUTH_MESSAGE, "client"));
        ctx.writeAndFlush(BackendMessages.authenticationSasl(ctx.alloc(), List.of(ScramServer.MECHANISM)));
    }

    /** PostgreSQL treats true/on/yes/1 and "database" as a replication request. */
    private static boolean isReplication(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "false", "off", "no", "0" -> false;
            default -> true;
        };
    }

    // ---- AUTHENTICATING ---------------------------------------------------------------------------

    private void onAuthFrame(ChannelHandlerContext ctx, Frame frame) {
        if (frame.type() == FrontendType.TERMINATE.code()) {
            state = State.CLOSED;
            ctx.close();
            return;
        }
        if (frame.type() != FrontendType.PASSWORD.code()) {
            throw new ProtocolException(ClientErrors.protocolViolation(
                    "expected SASL response, got message type " + (frame.type() & 0xFF)));
        }
        ByteBuf body = frame.body();
        try {
            if (!saslStarted) {
                saslStarted = true;
                String mechanism = CStrings.read(body, "malformed SASLInitialResponse");
                int length = body.readableBytes() >= 4 ? body.readInt() : -2;
                if (length < 0 || length != body.readableBytes()) {
                    throw new ProtocolException(ClientErrors.protocolViolation("malformed SASLInitialResponse"));
                }
                byte[] serverFirst = scram.handleClientFirst(mechanism, ByteBufUtil.getBytes(body));
                ctx.writeAndFlush(BackendMessages.authenticationSaslContinue(ctx.alloc(), serverFirst));
            } else {
                byte[] serverFinal = scram.handleClientFinal(ByteBufUtil.getBytes(body));
                ctx.write(BackendMessages.authenticationSaslFinal(ctx.alloc(), serverFinal));
                ctx.writeAndFlush(BackendMessages.authenticationOk(ctx.alloc()));
                authenticated(ctx);
            }
        } catch (ScramException e) {
            if (e.kind() == ScramException.Kind.AUTHENTICATION_FAILED) {
                log.info("{} authentication failed: {}", info.logPrefix(), e.getMessage());
                refuse(ctx, ClientErrors.authenticationFailed(info.agent()), "auth_failed");
            } else {
                refuse(ctx, ClientErrors.authenticationProtocol(e.getMessage()), "protocol_violation");
            }
        }
    }

    // ---- CONNECTING_UPSTREAM ----------------------------------------------------------------------

    /**
     * The client's startup settings as they go upstream. A read-only agent's session (without a live grant) is
     * read-only in PostgreSQL itself ({@code default_transaction_read_only=on}, set at backend start), which
     * stops the writes pgguard cannot see in the SQL (a function that writes); its own {@code options} and
     * read-only settings are dropped, since they could turn that off. What would turn it off later (SET, BEGIN
     * READ WRITE, set_config) can write, so the classifier refuses it for read-only agents. A table-scoped
     * agent's {@code search_path} is pinned to {@code public}, so that an unqualified name means what the scope
     * check takes it to mean (changing it later is refused for scoped agents).
     */
    private Map<String, String> upstreamSettings(Map<String, String> requested) {
        boolean readOnly = context.access().opensReadOnly(info.agent());
        boolean scoped = context.access().scoped(info.agent());
        if (!readOnly && !scoped) {
            return requested;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        requested.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            boolean pinned = n.equals("options") || (readOnly && n.contains("read_only"))
                    || (scoped && n.equals("search_path"));
            if (!pinned) {
                settings.put(name, value);
            }
        });
        if (readOnly) {
            settings.put("default_transaction_read_only", "on");
        }
        if (scoped) {
            settings.put("search_path", "public");
        }
        return settings;
    }

    private void authenticated(ChannelHandlerContext ctx) {
        startupTimeout.cancel(false);
        List<String> reachable = context.agents().environments(info.agent());
        if (route == null) {
            refuse(ctx, ClientErrors.noSuchEnvironment(startup.parameters().getOrDefault("database", info.agent()),
                    reachable), "unknown_database");
            return;
        }
        if (!reachable.contains(route.environment())) {
            refuse(ctx, ClientErrors.environmentNotGranted(info.agent(), route.environment(), reachable),
                    "environment_refused");
            return;
        }
        state = State.CONNECTING_UPSTREAM;
        long started = System.nanoTime();
        Future<UpstreamConnection> upstream = context.environments().connector(route.environment()).connect(
                ctx.channel().eventLoop(),
                upstreamSettings(startup.parameters()), info.database());
        upstream.addListener(f -> {
            if (f.isSuccess()) {
                context.metrics().upstreamConnected(java.time.Duration.ofNanos(System.nanoTime() - started));
                handOver(ctx, upstream.getNow());
            } else {
                Throwable cause = f.cause();
                if (cause instanceof UpstreamException e) {
                    log.warn("{} {}", info.logPrefix(), e.getMessage());
                    refuse(ctx, e.clientError(), e.kind());
                } else {
                    log.warn("{} upstream connection failed", info.logPrefix(), cause);
                    refuse(ctx, ClientErrors.upstreamUnavailable(String.valueOf(cause)), "upstream_unavailable");
                }
            }
        });
    }

    /** Greets the client with the upstream's parameters and pgguard's own key, then lets the relay take over. */
    private void handOver(ChannelHandlerContext ctx, UpstreamConnection upstream) {
        if (state != State.CONNECTING_UPSTREAM || !ctx.channel().isActive()) {
            upstream.greeting().release();
            upstream.channel().writeAndFlush(FrontendMessages.terminate(upstream.channel().alloc()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        state = State.HANDED_OVER;
        CancelKey clientKey = context.registry().issueKey();
        Session session = new Session(ctx.channel(), upstream.channel(), info, context.inspector(), context.standIns(),
                context.audit(), context.metrics(),
                clientKey, upstream.key(), context.limits().maxMessageSize(), context.limits().maxStatementSize(),
                key -> context.environments().connector(route.environment()).cancel(ctx.channel().eventLoop(), key),
                closed -> {
                    context.registry().remove(closed);
                    log.debug("{} session closed", closed.info().logPrefix());
                });
        upstream.serverParameters().forEach(session::serverParameter);
        context.audit().sessionAuthenticated(info);
        context.registry().add(session);
        context.metrics().sessionOpened();
        ctx.write(upstream.greeting());
        ctx.write(BackendMessages.backendKeyData(ctx.alloc(), clientKey.processId(), clientKey.secretKey()));
        ctx.writeAndFlush(BackendMessages.readyForQuery(ctx.alloc(), upstream.transactionStatus()));
        log.info("{} session open from {}", info.logPrefix(), info.clientAddress());
        session.start();
        // Removing the decoder passes whatever it still buffers on to the relay, then this handler goes too.
        ctx.pipeline().remove("client-frames");
        ctx.pipeline().remove(this);
    }

    // ---- failures ---------------------------------------------------------------------------------

    private void refuse(ChannelHandlerContext ctx, PgError error, String kind) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        context.metrics().error(kind);
        if (startupTimeout != null) {
            startupTimeout.cancel(false);
        }
        context.audit().sessionRefused(clientAddress(ctx),
                info == null ? null : info.agent(), info == null ? null : info.database(), error.sqlState(),
                error.message());
        ctx.writeAndFlush(error.toErrorResponse(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException e) {
            refuse(ctx, e.error(), "protocol_violation");
        } else if (root instanceof java.io.IOException || root instanceof javax.net.ssl.SSLException) {
            log.debug("client connection error during startup: {}", root.toString());
            state = State.CLOSED;
            ctx.close();
        } else {
            log.warn("unexpected error during client startup", cause);
            refuse(ctx, ClientErrors.internal("unexpected error during startup"), "internal");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        if (startupTimeout != null) {
            startupTimeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    /**
     * The client's address as the audit log and the admin API give it: {@code ip:port}, {@code [ip6]:port}.
     * ({@code InetSocketAddress.toString()} puts the host name, or nothing, and a slash before the address.)
     */
    private static String clientAddress(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            String ip = a.getAddress().getHostAddress();
            return (a.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + a.getPort();
        }
        return String.valueOf(ctx.channel().remoteAddress());
    }
}
