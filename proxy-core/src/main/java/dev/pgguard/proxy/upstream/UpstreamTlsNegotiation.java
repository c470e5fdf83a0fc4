package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.protocol.FrontendMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * The first step of every upstream connection, login and cancel alike: SSLRequest per {@code sslmode}, the
 * server's one-byte answer, the TLS handshake. Then it fires {@link #NEGOTIATED} down the pipeline and removes
 * itself; on failure it fires a {@link NegotiationException} through {@code exceptionCaught}. One job, in one
 * place, so the login and the cancel path cannot drift apart.
 */
final class UpstreamTlsNegotiation extends ChannelInboundHandlerAdapter {

    /** The user event that says the connection is ready for the protocol (encrypted or, if allowed, not). */
    static final Object NEGOTIATED = new Object() {
        @Override
        public String toString() {
            return "UpstreamTlsNegotiation.NEGOTIATED";
        }
    };

    /** Why the connection could not be set up as {@code sslmode} requires; the message is fit for the client. */
    static final class NegotiationException extends Exception {
        private static final long serialVersionUID = 1L;

        NegotiationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final UpstreamTls tls;
    private boolean awaitingAnswer;

    UpstreamTlsNegotiation(UpstreamTls tls) {
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (tls.enabled()) {
            awaitingAnswer = true;
            ctx.writeAndFlush(FrontendMessages.sslRequest(ctx.alloc()));
        } else {
            done(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!awaitingAnswer) {
            ReferenceCountUtil.release(msg);
            return;
        }
        awaitingAnswer = false;
        ByteBuf in = (ByteBuf) msg;
        try {
            byte answer = in.readByte();
            // Bytes after the answer and before the TLS handshake could only have been injected by someone in
            // the middle (CVE-2021-23222): refuse them rather than treat them as server messages.
            if (in.isReadable()) {
                fail(ctx, "the upstream sent unexpected data after its SSL answer", null);
            } else if (answer == 'S') {
                startTls(ctx);
            } else if (answer == 'N' && tls.plaintextAllowed()) {
                done(ctx);
            } else if (answer == 'N') {
                fail(ctx, "the upstream does not support SSL, and upstream.sslmode requires it", null);
            } else {
                fail(ctx, "the upstream answered SSLRequest with an unexpected byte " + (answer & 0xFF), null);
            }
        } finally {
            in.release();
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        SslHandler ssl = tls.newHandler(ctx.alloc());
        ctx.pipeline().addFirst("upstream-tls", ssl);
        ssl.handshakeFuture().addListener(handshake -> {
            if (handshake.isSuccess()) {
                done(ctx);
            } else {
                fail(ctx, "the TLS handshake with the database failed", handshake.cause());
            }
        });
    }

    private void done(ChannelHandlerContext ctx) {
        ctx.fireUserEventTriggered(NEGOTIATED);
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, String reason, Throwable cause) {
        ctx.fireExceptionCaught(new NegotiationException(reason, cause));
    }
}
