package dev.pgguard.proxy.session;

import dev.pgguard.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/** The client-facing TLS context, built once from the configured PEM certificate and key. */
public final class ClientTls {

    private ClientTls() {
    }

    public static SslContext context(TlsConfig config) throws SSLException {
        return SslContextBuilder.forServer(config.certFile().toFile(), config.keyFile().toFile()).build();
    }
}
