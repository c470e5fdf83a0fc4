package dev.pgguard.proxy.upstream;

import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS towards the upstream, following libpq's sslmode: {@code prefer} and {@code require} encrypt without
 * checking the certificate; {@code verify-ca} checks the chain against {@code sslrootcert} (or the JVM's trust
 * store); {@code verify-full} also checks that the certificate names the host. SNI is sent whenever the host
 * is a name, which managed PostgreSQL services use to route the connection.
 */
final class UpstreamTls {

    private final UpstreamConfig config;
    private final SslContext context;

    UpstreamTls(UpstreamConfig config) throws SSLException {
        this.config = config;
        this.context = config.sslMode() == SslMode.DISABLE ? null : build(config);
    }

    private static SslContext build(UpstreamConfig config) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient();
        switch (config.sslMode()) {
            case PREFER, REQUIRE -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            default -> config.sslRootCert().ifPresent(file -> builder.trustManager(file.toFile()));
        }
        return builder.build();
    }

    boolean enabled() {
        return context != null;
    }

    /** Whether a server that answers SSLRequest with 'N' may still be used in plaintext. */
    boolean plaintextAllowed() {
        return config.sslMode() == SslMode.DISABLE || config.sslMode() == SslMode.PREFER;
    }

    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc, config.host(), config.port());
        if (config.sslMode() == SslMode.VERIFY_FULL) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }
}
