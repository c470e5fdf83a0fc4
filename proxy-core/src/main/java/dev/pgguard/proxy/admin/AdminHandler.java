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
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP surface: {@code GET /health} (JSON; 503 while draining) and {@code GET /metrics} (Prometheus
 * text), which change nothing and need no credential; and the approvers' endpoints, {@code /holds...}
 * ({@link HoldsApi}, {@link HoldEventStream}) and {@code /grants...} ({@link GrantsApi}), which need an approver's
 * token ({@link ApproverRegistry}), and for every decision (a POST) the approver's TOTP code when they have one
 * ({@link SecondFactor}).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ProxyMetrics metrics;
    private final BooleanSupplier draining;
    private final ApproverServices services;
    private final SecondFactor secondFactor;
    private final HoldsApi holds;
    private final GrantsApi grants;
    private final Clock clock;

    AdminHandler(ProxyMetrics metrics, BooleanSupplier draining, ApproverServices approvers, SecondFactor secondFactor,
                 Clock clock) {
        this.metrics = metrics;
        this.draining = draining;
        this.services = approvers;
        this.secondFactor = secondFactor;
        this.clock = clock;
        this.holds = new HoldsApi(approvers.gate(), clock);
        this.grants = new GrantsApi(approvers.grants(), approvers.agents());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        FullHttpResponse response;
        if (under(path, "/holds") || under(path, "/grants")) {
            Optional<Answer> answer = forApprover(ctx, request, path);
            if (answer.isEmpty()) {
                return; // the event stream answers for itself
            }
            response = json(answer.get());
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
        } else if (path.equals("/health")) {
            boolean up = !draining.getAsBoolean();
            response = text(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
                    "{\"status\":\"" + (up ? "up" : "draining") + "\",\"sessions_open\":" + metrics.sessionsOpen() + "}\n");
        } else if (path.equals("/metrics")) {
            response = text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        } else {
            response = text(HttpResponseStatus.NOT_FOUND, "text/plain",
                    "not found: try /health, /metrics, /holds or /grants\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The answer to an approver's request; empty when it started the event stream instead. */
    private Optional<Answer> forApprover(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        Optional<Caller> caller = services.approvers().authenticate(authorization);
        if (caller.isEmpty()) {
            return Optional.of(Answer.error(HttpResponseStatus.UNAUTHORIZED, "this needs an approver's token: "
                    + "Authorization: Bearer <token> (pgguard approve sends it; see Holds in the README)")
                    .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer"));
        }
        if (path.equals("/holds/events") && request.method().equals(HttpMethod.GET)) {
            HoldEventStream.start(ctx, services.gate(), clock);
            return Optional.empty();
        }
        // Reading needs the token only; every POST decides something, and needs the code as well.
        if (request.method().equals(HttpMethod.POST)) {
            Optional<Answer> refusal = secondFactor.refusal(caller.get(), request.headers().get(SecondFactor.HEADER));
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.of(under(path, "/holds") ? holds.answer(request, path, caller.get())
                : grants.answer(request, path, caller.get()));
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    private static FullHttpResponse json(Answer answer) {
        FullHttpResponse response = text(answer.status(), "application/json", answer.json() + "\n");
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
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
