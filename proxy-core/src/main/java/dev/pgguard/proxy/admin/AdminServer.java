package dev.pgguard.proxy.admin;

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
                                   ProxyMetrics metrics, BooleanSupplier draining, ApproverServices approvers)
            throws InterruptedException {
        Clock clock = Clock.systemUTC();
        // one per port: a code used, or a wrong guess, counts across connections
        SecondFactor secondFactor = new SecondFactor(clock);
        Channel channel = new ServerBootstrap().group(group).channel(type)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new AdminHandler(metrics, draining, approvers, secondFactor, clock));
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
