package dev.pgguard.proxy.session;

import dev.pgguard.config.LimitsConfig;
import dev.pgguard.proxy.access.AgentAccess;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.inspect.StatementInspector;
import dev.pgguard.proxy.protocol.StandIns;
import dev.pgguard.proxy.metrics.ProxyMetrics;
import dev.pgguard.proxy.upstream.Environments;
import io.netty.handler.ssl.SslContext;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * What every client connection's handshake needs, built once per server.
 *
 * @param agents     the agents in force (verifier, mode); a reload replaces them
 * @param access     what each agent may run now (mode, grants, table scope)
 * @param environments the upstreams, and which one a session's database name routes to
 * @param clientTls  present when a certificate is configured (SSLRequest is then answered 'S')
 * @param mockSecret server-lifetime secret from which fake verifiers for unknown agents are derived
 * @param standIns   what goes upstream in place of a refused statement
 * @param audit      where sessions and decisions are recorded

 */
public record ProxyContext(LimitsConfig limits, AgentDirectory agents, AgentAccess access, StatementInspector inspector,
                           ProxyMetrics metrics, SessionRegistry registry, Environments environments,
                           Optional<SslContext> clientTls, SecureRandom random, byte[] mockSecret,
                           StandIns standIns, AuditTrail audit) {
}
