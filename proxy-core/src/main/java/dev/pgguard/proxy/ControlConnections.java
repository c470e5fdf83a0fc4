package dev.pgguard.proxy;

import dev.pgguard.approval.blast.ControlConnection;
import dev.pgguard.config.Secret;
import dev.pgguard.config.UpstreamConfig;

/** pgguard's own JDBC connections to the guarded database (blast radius) use the upstream's settings. */
final class ControlConnections {

    private ControlConnections() {
    }

    static ControlConnection of(UpstreamConfig upstream) {
        return new ControlConnection(upstream.host(), upstream.port(), upstream.user(),
                upstream.password().map(Secret::reveal), upstream.sslMode().yamlName(), upstream.sslRootCert(),
                upstream.connectTimeout());
    }
}
