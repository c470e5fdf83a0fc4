package dev.pgguard.proxy.session;

import dev.pgguard.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/** The client-facing TLS context, built once from the configured PEM certificate and key. */
public final class ClientTls {

    private ClientTls() {
    }

    /**
     * PostgreSQL clients ask for TLS with SSLRequest on a plaintext connection, so every handler this context
     * makes is a start-TLS one: the 'S' that answers the request is written before the handler encrypts.
     */
    public static SslContext context(TlsConfig config) throws SSLException {
        return SslContextBuilder.forServer(config.certFile().toFile(), config.keyFile().toFile())
                .startTls(true)
                .build();
    }
}
