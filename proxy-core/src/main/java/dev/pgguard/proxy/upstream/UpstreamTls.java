package dev.pgguard.proxy.upstream;

import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.util.List;
import java.util.Optional;

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
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        sniHostName(config.host()).ifPresent(name -> parameters.setServerNames(List.of(name)));
        if (config.sslMode() == SslMode.VERIFY_FULL) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        return handler;
    }

    /**
     * The SNI to send for {@code host}: the JDK sends one only for names with a dot, so {@code localhost} or a
     * short internal name would go without; libpq sends any host that is not an IP literal, and so does pgguard.
     */
    static Optional<SNIHostName> sniHostName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SNIHostName(name));
        } catch (IllegalArgumentException notAHostName) {
            return Optional.empty();
        }
    }
}
