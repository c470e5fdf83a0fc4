package dev.pgguard.proxy.admin;

import dev.pgguard.approval.ApprovalGate;
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
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP surface: {@code GET /health} (JSON; 503 while draining) and {@code GET /metrics} (Prometheus
 * text), which change nothing and need no credential; and {@code /holds...}, where approvers see and decide
 * holds, only with the approver token ({@link HoldsApi}, {@link HoldEventStream}).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ProxyMetrics metrics;
    private final BooleanSupplier draining;
    private final ApprovalGate gate;
    private final ApproverToken token;
    private final HoldsApi holds;
    private final Clock clock;

    AdminHandler(ProxyMetrics metrics, BooleanSupplier draining, ApprovalGate gate, ApproverToken token, Clock clock) {
        this.metrics = metrics;
        this.draining = draining;
        this.gate = gate;
        this.token = token;
        this.clock = clock;
        this.holds = new HoldsApi(gate, clock);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        FullHttpResponse response;
        if (path.equals("/holds") || path.startsWith("/holds/")) {
            if (!token.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                response = json(HoldsApi.error(HttpResponseStatus.UNAUTHORIZED, "this needs the approver token: "
                        + "Authorization: Bearer <token> (pgguard approve sends it; see approvals in the README)"));
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            } else if (path.equals("/holds/events") && request.method().equals(HttpMethod.GET)) {
                HoldEventStream.start(ctx, gate, clock);
                return;
            } else {
                response = json(holds.answer(request, path));
            }
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
        } else if (path.equals("/health")) {
            boolean up = !draining.getAsBoolean();
            response = text(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
                    "{\"status\":\"" + (up ? "up" : "draining") + "\",\"sessions_open\":" + metrics.sessionsOpen() + "}\n");
        } else if (path.equals("/metrics")) {
            response = text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        } else {
            response = text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found: try /health, /metrics or /holds\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse json(HoldsApi.Answer answer) {
        return text(answer.status(), "application/json", answer.json() + "\n");
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
