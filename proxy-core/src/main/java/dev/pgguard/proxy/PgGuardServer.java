package dev.pgguard.proxy;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.proxy.access.AgentAccess;
import dev.pgguard.proxy.access.Grant;
import dev.pgguard.proxy.access.Grants;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.upstream.Environments;
import dev.pgguard.proxy.admin.AdminServer;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.admin.ApproverRegistry;
import dev.pgguard.proxy.admin.ApproverServices;
import dev.pgguard.proxy.admin.ApproverToken;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.classifier.Policy;
import dev.pgguard.proxy.inspect.ClassifyingInspector;
import dev.pgguard.proxy.inspect.StatementInspector;
import dev.pgguard.proxy.metrics.HoldMetrics;
import dev.pgguard.proxy.metrics.ProxyMetrics;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.StandIns;
import dev.pgguard.proxy.protocol.StartupPacketDecoder;
import dev.pgguard.proxy.relay.Session;
import dev.pgguard.proxy.session.AgentDirectory;
import dev.pgguard.proxy.session.ClientHandshake;
import dev.pgguard.proxy.session.ClientTls;
import dev.pgguard.proxy.session.ProxyContext;
import dev.pgguard.proxy.session.SessionRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A running pgguard: the agent-facing listener, the admin port, and the event loops that carry the sessions.
 *
 * <p>Shutdown (SIGTERM, or {@link #shutdown()}): the listener closes at once, so new connections are refused;
 * open sessions may finish during {@code shutdown.drain_period}; those still open then get 57P01 and close.
 */
public final class PgGuardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgGuardServer.class);

    /**
     * Per-channel write buffer bounds: when a peer's outbound buffer passes the high mark, pgguard stops
     * reading the other side. Large enough for pipelining, small enough that 1,000 busy sessions fit in 128 MB.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private volatile PgGuardConfig config;
    private final AgentDirectory agents;
    private final StatementInspector inspector;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ProxyMetrics metrics;
    private final SessionRegistry registry;
    private final Channel listener;
    private final AdminServer admin;
    private final ApproverToken approverToken;
    private final ApproverRegistry approvers;
    private final Environments environments;
    private final ApprovalGate gate;
    private final Grants grants;
    private final AuditTrail audit;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    /** A JVM property for benchmarks only: run without an audit log, to measure what it costs. */
    public static final String UNSAFE_NO_AUDIT = "pgguard.unsafe.noAudit";

    private static AuditTrail noAudit() {
        log.warn("-D{}=true: NOTHING IS AUDITED. For benchmarks only.", UNSAFE_NO_AUDIT);
        return AuditTrail.disabled();
    }

    /** What an inspector may use: this server's approval gate, audit trail, and what each agent may run. */
    private record Services(ApprovalGate gate, AuditTrail audit, AgentAccess access) {
    }

    private PgGuardServer(PgGuardConfig config, Function<Services, StatementInspector> inspectorFor)
            throws InterruptedException, SSLException {
        this.config = config;
        SecureRandom random = new SecureRandom();
        Transport transport = Transport.best();
        // what can refuse this configuration comes before anything that must be closed again
        approverToken = ApproverToken.resolve(config.approvals(), random);
        approvers = ApproverRegistry.of(config.approvers(), approverToken);
        Optional<SslContext> clientTls = config.tls().isPresent()
                ? Optional.of(ClientTls.context(config.tls().get())) : Optional.empty();
        environments = new Environments(config, transport.socketChannel(), WATER_MARK, random);
        try {
            audit = Boolean.getBoolean(UNSAFE_NO_AUDIT) ? noAudit() : AuditTrail.open(config.audit());
        } catch (RuntimeException e) {
            environments.close();
            throw e;
        }
        gate = new ApprovalGate(config.approvals(), environments::measure, Clock.systemUTC());
        agents = new AgentDirectory(config.agents(), environments.names());
        grants = new Grants(Clock.systemUTC());
        AgentAccess access = new AgentAccess(agents, grants, environments::catalogFacts);
        this.inspector = inspectorFor.apply(new Services(gate, audit, access));
        byte[] mockSecret = new byte[32];
        random.nextBytes(mockSecret);
        acceptors = transport.newGroup(1, "pgguard-accept");
        workers = transport.newGroup(Runtime.getRuntime().availableProcessors(), "pgguard-io");
        registry = new SessionRegistry(random);
        grants.listener(new GrantSessions());
        metrics = new ProxyMetrics(registry::size);
        HoldMetrics.bind(gate, metrics.registry());
        audit.bindMetrics(metrics.registry());
        ProxyContext context = new ProxyContext(config.limits(), agents, access, inspector, metrics, registry,
                environments, clientTls, random, mockSecret, new StandIns(random), audit);
        try {
            listener = new ServerBootstrap().group(acceptors, workers).channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast("startup", new StartupPacketDecoder());
                            ch.pipeline().addLast("handshake", new ClientHandshake(context));
                        }
                    })
                    .bind(config.listen().host(), config.listen().port()).sync().channel();
            admin = AdminServer.bind(config.admin().host(), config.admin().port(), acceptors,
                    transport.serverChannel(), metrics, draining::get,
                    new ApproverServices(gate, grants, agents, approvers));
        } catch (RuntimeException | InterruptedException e) {
            stopLoops();
            closeComponents();
            throw e;
        }
        log.info("pgguard listening on {} (admin on {}, {} transport, environments {})", address(),
                admin.address(), transport.name(), environments.describe());
    }

    /**
     * Starts with the statement classifier and the policy of the config's {@code classifier} section: what the
     * policy holds waits for a human on the approval gate (see {@link ClassifyingInspector}).
     */
    public static PgGuardServer start(PgGuardConfig config) {
        Policy common = Policy.of(config.classifier());
        Map<String, Policy> byEnvironment = new HashMap<>();
        config.environmentsInForce().forEach(e -> byEnvironment.put(e.name(), common.with(e.rules())));
        return startWith(config, services -> new ClassifyingInspector(
                new Classifier(ClassifierLimits.of(config.classifier())), common,
                session -> byEnvironment.getOrDefault(session.environment(), common)
                        .with(services.access().rules(session.agent())),
                services.gate(), services.audit(), services.access()));
    }

    /** Starts with another inspector (tests, benchmarks); the approval gate and its admin API are there all the same. */
    public static PgGuardServer start(PgGuardConfig config, StatementInspector inspector) {
        return startWith(config, services -> inspector);
    }

    private static PgGuardServer startWith(PgGuardConfig config, Function<Services, StatementInspector> inspectorFor) {
        try {
            return new PgGuardServer(config, inspectorFor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Puts a new configuration in force without a restart: the agents (who may log in, with which verifier and
     * mode) change at once, and the open sessions of an agent whose entry was removed or changed are ended with
     * a FATAL that says so; every other section takes effect at the next restart, and a warning names each one
     * that differs. The caller validated {@code next} (a file that does not load never gets here).
     */
    public void reload(PgGuardConfig next) {
        PgGuardConfig previous = config;
        approvers.replace(next.approvers()); // first: a TOTP secret it cannot use rejects the reload before any change
        for (String section : RestartOnly.changed(previous, next)) {
            log.warn("configuration reload: the {} section changed; it takes effect when pgguard restarts", section);
        }
        AgentDirectory.Change change = agents.replace(next.agents());
        config = next;
        if (change.any()) {
            audit.agentsChanged(change.added(), change.revoked());
        }
        int ended = endSessionsOf(Set.copyOf(change.revoked()), ClientErrors::agentAccessChanged);
        log.info("configuration reloaded: {} agent(s); access changed for {} ({} open session(s) ended)",
                next.agents().size(), change.revoked().isEmpty() ? "none" : String.join(", ", change.revoked()), ended);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    private int endSessionsOf(Set<String> agentNames, Function<String, PgError> why) {
        int ended = 0;
        for (Session session : registry.sessions()) {
            if (agentNames.contains(session.info().agent())) {
                session.terminate(why.apply(session.info().agent()));
                ended++;
            }
        }
        return ended;
    }

    /**
     * A grant's start and end are audited, and the agent's open sessions end: they were opened read-only
     * upstream (or not) on the old terms, and PostgreSQL cannot change that for a running transaction.
     */
    private final class GrantSessions implements Grants.Listener {
        @Override
        public void started(Grant grant) {
            audit.grantStarted(grant);
            int ended = endSessionsOf(Set.of(grant.agent()), ClientErrors::grantStarted);
            log.info("grant {} started: agent {} may write {} until {} (by {}); {} open session(s) restart",
                    grant.id(), grant.agent(), grant.tables().isEmpty() ? "its tables" : grant.tables(),
                    grant.expires(), grant.approver(), ended);
        }

        @Override
        public void ended(Grant grant, String by) {
            audit.grantEnded(grant, by);
            int ended = endSessionsOf(Set.of(grant.agent()), ClientErrors::grantEnded);
            log.info("grant {} of agent {} {}; {} open session(s) ended", grant.id(), grant.agent(),
                    by == null ? "expired" : "revoked by " + by, ended);
        }
    }

    /** The write grants in force ({@code pgguard grant}). */
    public Grants grants() {
        return grants;
    }

    /** The agents in force. */
    public AgentDirectory agents() {
        return agents;
    }

    /** The holds waiting for a human, and how they are decided. */
    public ApprovalGate approvals() {
        return gate;
    }

    /** The audit log this server writes. */
    public AuditTrail audit() {
        return audit;
    }

    /** Where the approver token is kept, or null when the config gives it. */
    public java.nio.file.Path approverTokenFile() {
        return approverToken.file();
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Sessions currently relaying. */
    public int openSessions() {
        return registry.size();
    }

    /**
     * Stops accepting at once, lets open sessions run for the drain period, then ends the rest with 57P01.
     * Idempotent; the future completes when everything is closed.
     */
    public CompletableFuture<Void> shutdown() {
        if (!draining.compareAndSet(false, true)) {
            return terminated;
        }
        long drainMillis = config.shutdown().drainPeriod().toMillis();
        log.info("shutting down: refusing new connections; {} open session(s) have {} ms to finish",
                registry.size(), drainMillis);
        listener.close();
        Thread drainer = new Thread(() -> drainThenStop(drainMillis), "pgguard-shutdown");
        drainer.setDaemon(true);
        drainer.start();
        return terminated;
    }

    private void drainThenStop(long drainMillis) {
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
            while (registry.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (Session session : registry.sessions()) {
                session.terminate(ClientErrors.shuttingDown());
            }
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (registry.size() > 0 && System.nanoTime() < grace) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close();
            stopLoops();
            metrics.close();
            closeComponents();
            log.info("pgguard stopped");
            terminated.complete(null);
        }
    }

    /** Holds withdrawn first, so that their records reach the audit log, which closes last. */
    private void closeComponents() {
        gate.close();
        grants.close();
        environments.close();
        closeInspector();
        audit.close();
    }

    private void closeInspector() {
        if (inspector instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the statement inspector failed", e);
            }
        }
    }

    private void stopLoops() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@link #shutdown()} and wait for it. */
    @Override
    public void close() {
        shutdown().join();
    }
}
