package dev.pgguard.proxy.admin;

import dev.pgguard.proxy.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP surface: {@code GET /health} (JSON; 503 while draining) and {@code GET /metrics} (Prometheus
 * text). Read-only: nothing here changes the proxy, so it needs no credential yet; the approval endpoints of
 * the approval gate will require an approver's token.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ProxyMetrics metrics;
    private final BooleanSupplier draining;

    AdminHandler(ProxyMetrics metrics, BooleanSupplier draining) {
        this.metrics = metrics;
        this.draining = draining;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        FullHttpResponse response;
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
        } else if (path.equals("/health")) {
            boolean up = !draining.getAsBoolean();
            response = text(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
                    "{\"status\":\"" + (up ? "up" : "draining") + "\",\"sessions_open\":" + metrics.sessionsOpen() + "}\n");
        } else if (path.equals("/metrics")) {
            response = text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        } else {
            response = text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found: try /health or /metrics\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
