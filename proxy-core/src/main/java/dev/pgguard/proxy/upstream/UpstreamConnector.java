package dev.pgguard.proxy.upstream;

import dev.pgguard.config.UpstreamConfig;
import dev.pgguard.proxy.auth.SaltedPasswordCache;
import dev.pgguard.proxy.protocol.FrontendMessages;
import dev.pgguard.proxy.session.CancelKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens pgguard's own connections to the upstream: one per client session, on the client's event loop (so the
 * relay never crosses threads), and short-lived ones that forward a cancel request.
 */
public final class UpstreamConnector {

    private final UpstreamConfig config;
    private final UpstreamTls tls;
    private final Class<? extends Channel> channelType;
    private final WriteBufferWaterMark waterMark;
    private final SecureRandom random;
    private final SaltedPasswordCache saltedPasswords = new SaltedPasswordCache();

    public UpstreamConnector(UpstreamConfig config, Class<? extends Channel> channelType,
                             WriteBufferWaterMark waterMark, SecureRandom random) throws SSLException {
        this.config = config;
        this.tls = new UpstreamTls(config);
        this.channelType = channelType;
        this.waterMark = waterMark;
        this.random = random;
    }

    /**
     * Connects and logs in as pgguard's upstream user. The whole of it (TCP, TLS, authentication) must finish
     * within {@code upstream.connect_timeout}, so a client never hangs on an unreachable database.
     *
     * @param clientParameters the client's startup parameters; user and database are replaced, the rest
     *                         (application_name, client_encoding, DateStyle, options, ...) are passed on
     * @param database         the database to open upstream
     */
    public Future<UpstreamConnection> connect(EventLoop loop, Map<String, String> clientParameters, String database) {
        Promise<UpstreamConnection> result = loop.newPromise();
        Map<String, String> parameters = upstreamParameters(clientParameters, database);
        Bootstrap bootstrap = bootstrap(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new UpstreamTlsNegotiation(tls),
                        new UpstreamHandshake(config, parameters, result, random, saltedPasswords));
            }
        });
        Channel channel = bootstrap.connect(config.host(), config.port()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                String reason = UpstreamException.rootMessage(f.cause());
                result.tryFailure(UpstreamException.unavailable(
                        "cannot connect to " + config.host() + ":" + config.port() + ": " + reason, reason, f.cause()));
            }
        }).channel();
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            String reason = "timed out after " + config.connectTimeout().toMillis() + " ms connecting to the database";
            if (result.tryFailure(UpstreamException.unavailable(
                    "upstream login timed out after " + config.connectTimeout(), reason, null))) {
                channel.close();
            }
        }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.addListener(f -> deadline.cancel(false));
        return result;
    }

    private Map<String, String> upstreamParameters(Map<String, String> clientParameters, String database) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", config.user());
        parameters.put("database", database);
        clientParameters.forEach((name, value) -> {
            // _pq_. names are protocol options, not settings; pgguard negotiated them away already.
            if (!name.equals("user") && !name.equals("database") && !name.startsWith("_pq_.")) {
                parameters.put(name, value);
            }
        });
        return parameters;
    }

    /**
     * Forwards a cancel for the upstream backend {@code key}. Fire and forget, as PostgreSQL's cancel is: the
     * server answers nothing and closes. TLS is negotiated first when the sslmode asks for it.
     */
    public void cancel(EventLoop loop, CancelKey key) {
        Bootstrap bootstrap = bootstrap(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new UpstreamTlsNegotiation(tls), new CancelSender(key));
            }
        });
        bootstrap.connect(config.host(), config.port());
    }

    private Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark);
    }

    /** Sends one CancelRequest once the connection is negotiated; any failure just closes it. */
    private static final class CancelSender extends ChannelInboundHandlerAdapter {
        private final CancelKey key;

        CancelSender(CancelKey key) {
            this.key = key;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == UpstreamTlsNegotiation.NEGOTIATED) {
                ctx.writeAndFlush(FrontendMessages.cancelRequest(ctx.alloc(), key.processId(), key.secretKey()));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // PostgreSQL answers a cancel with nothing but a close
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
