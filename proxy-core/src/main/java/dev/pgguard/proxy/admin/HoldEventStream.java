package dev.pgguard.proxy.admin;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /holds/events}: a chunked response that never ends, one JSON object per line. It starts with a
 * "held" event per pending hold, then relays every hold event, with a heartbeat every 15 s so that a client
 * notices a dead connection. Everything is written on the connection's event loop.
 */
final class HoldEventStream {

    private static final long HEARTBEAT_SECONDS = 15;

    private final ChannelHandlerContext ctx;
    private final Clock clock;
    /** Holds already announced as "held": one that opens while the snapshot is written is not announced twice. */
    private final Set<String> announced = new HashSet<>();

    private HoldEventStream(ChannelHandlerContext ctx, Clock clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    static void start(ChannelHandlerContext ctx, ApprovalGate gate, Clock clock) {
        HoldEventStream stream = new HoldEventStream(ctx, clock);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        ctx.write(head);
        // subscribe first, then the snapshot: events run on this loop after this task, so none is lost
        Runnable unsubscribe = gate.subscribe(e -> ctx.executor().execute(() -> stream.send(e)));
        for (Hold h : gate.pending()) {
            stream.send(new HoldEvent(HoldEvent.Type.HELD, h));
        }
        ctx.flush();
        ScheduledFuture<?> heartbeat = ctx.executor().scheduleAtFixedRate(
                () -> stream.line("{\"event\":\"heartbeat\"}"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            unsubscribe.run();
            heartbeat.cancel(false);
        });
    }

    private void send(HoldEvent event) {
        if (event.type() == HoldEvent.Type.HELD && !announced.add(event.hold().id())) {
            return;
        }
        line(HoldJson.event(event, clock.instant()));
    }

    private void line(String json) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(json + "\n", StandardCharsets.UTF_8)));
        }
    }
}
