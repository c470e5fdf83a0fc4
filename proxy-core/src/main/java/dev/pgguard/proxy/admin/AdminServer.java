package dev.pgguard.proxy.admin;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.proxy.metrics.ProxyMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/** Binds the admin HTTP port (loopback by default) on the proxy's own event loops. */
public final class AdminServer implements AutoCloseable {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    public static AdminServer bind(String host, int port, EventLoopGroup group, Class<? extends ServerChannel> type,
                                   ProxyMetrics metrics, BooleanSupplier draining, ApprovalGate gate,
                                   ApproverToken token) throws InterruptedException {
        Channel channel = new ServerBootstrap().group(group).channel(type)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new AdminHandler(metrics, draining, gate, token, Clock.systemUTC()));
                    }
                })
                .bind(host, port).sync().channel();
        return new AdminServer(channel);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
