package dev.pgguard.proxy.upstream;

import dev.pgguard.approval.blast.BlastRadius;
import dev.pgguard.approval.blast.BlastRadiusProbe;
import dev.pgguard.approval.control.CatalogLookup;
import dev.pgguard.approval.control.ControlPools;
import dev.pgguard.classifier.CatalogFacts;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.config.EnvironmentConfig;
import dev.pgguard.config.PgGuardConfig;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * The upstreams agents reach, one per environment, each with its own connector (pgguard's real credentials for
 * it), control connections, blast-radius probe and catalog lookup (for table scopes). Which one a session uses follows from the database name the client asked for:
 * with an {@code environments} section the name is the environment's, and pgguard opens that environment's
 * {@code upstream.database}; with a single {@code upstream} every name goes to it, pinned to
 * {@code upstream.database} when that is set.
 */
public final class Environments implements AutoCloseable {

    /** Where a session goes: the environment, and the database pgguard opens there. */
    public record Route(String environment, String database) {
    }

    private record Environment(EnvironmentConfig config, UpstreamConnector connector, ControlPools pools,
                               BlastRadiusProbe probe, CatalogLookup catalog) {
        void close() {
            probe.close();
            catalog.close();
            pools.close();
        }
    }

    private final Map<String, Environment> byName = new LinkedHashMap<>();
    private final boolean named;

    public Environments(PgGuardConfig config, Class<? extends Channel> channelType, WriteBufferWaterMark waterMark,
                        SecureRandom random) throws SSLException {
        List<EnvironmentConfig> environments = config.environmentsInForce();
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("no upstream configured: set upstream.host, or environments "
                    + "(pgguard serve starts an embedded PostgreSQL instead)");
        }
        this.named = !config.environments().isEmpty();
        try {
            Duration timeout = config.approvals().blastRadiusTimeout();
            for (EnvironmentConfig e : environments) {
                UpstreamConnector connector = new UpstreamConnector(e.upstream(), channelType, waterMark, random);
                ControlPools pools = new ControlPools(e.upstream(), timeout);
                byName.put(e.name(), new Environment(e, connector, pools,
                        new BlastRadiusProbe(e.upstream(), pools, timeout),
                        new CatalogLookup(e.upstream(), pools, timeout)));
            }
        } catch (SSLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where a client asking for {@code database} goes; empty when no environment has that name. */
    public Optional<Route> route(String database) {
        if (!named) {
            Environment only = byName.values().iterator().next();
            return Optional.of(new Route(only.config().name(), only.config().upstream().database().orElse(database)));
        }
        Environment e = byName.get(database);
        return e == null ? Optional.empty()
                : Optional.of(new Route(e.config().name(), e.config().upstream().database().orElseThrow()));
    }

    public UpstreamConnector connector(String environment) {
        return require(environment).connector();
    }

    /** What a held message would touch, measured on its environment's upstream. */
    public CompletableFuture<BlastRadius> measure(String environment, String database,
                                                  List<ClassifiedStatement> statements) {
        return require(environment).probe().measure(database, statements);
    }

    /** What the environment's catalog says about the names a scoped agent's message uses. */
    public CompletableFuture<CatalogFacts> catalogFacts(String environment, String database,
                                                        CatalogFacts.Questions questions) {
        return require(environment).catalog().facts(database, questions);
    }

    /** The environment names, in config order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** For the startup line: each environment's address. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        byName.values().forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.config().name()).append('=')
                .append(e.config().upstream().host()).append(':').append(e.config().upstream().port()));
        return out.toString();
    }

    private Environment require(String environment) {
        Environment e = byName.get(environment);
        if (e == null) {
            throw new IllegalArgumentException("no environment '" + environment + "'");
        }
        return e;
    }

    @Override
    public void close() {
        byName.values().forEach(Environment::close);
    }
}
