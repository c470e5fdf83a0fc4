package dev.pgguard.proxy.session;

import dev.pgguard.config.AgentMode;
import dev.pgguard.config.LimitsConfig;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.auth.ScramVerifier;
import dev.pgguard.proxy.inspect.StatementInspector;
import dev.pgguard.proxy.protocol.StandIns;
import dev.pgguard.proxy.metrics.ProxyMetrics;
import dev.pgguard.proxy.upstream.UpstreamConnector;
import io.netty.handler.ssl.SslContext;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * What every client connection's handshake needs, built once per server.
 *
 * @param agents     agent name → SCRAM verifier
 * @param clientTls  present when a certificate is configured (SSLRequest is then answered 'S')
 * @param mockSecret server-lifetime secret from which fake verifiers for unknown agents are derived
 * @param standIns   what goes upstream in place of a refused statement
 * @param audit      where sessions and decisions are recorded
 * @param agentModes each agent's mode; read-only agents' upstream sessions are made read-only by PostgreSQL too
 */
public record ProxyContext(LimitsConfig limits, Map<String, ScramVerifier> agents, StatementInspector inspector,
                           ProxyMetrics metrics, SessionRegistry registry, UpstreamConnector connector,
                           Optional<SslContext> clientTls, SecureRandom random, byte[] mockSecret,
                           StandIns standIns, AuditTrail audit, Map<String, AgentMode> agentModes) {

    public ProxyContext {
        agents = Map.copyOf(agents);
        agentModes = Map.copyOf(agentModes);
    }
}
