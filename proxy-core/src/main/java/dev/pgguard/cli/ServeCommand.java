package dev.pgguard.cli;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.inspect.StatementInspector;
import dev.pgguard.proxy.auth.ScramVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pgguard serve}: runs the proxy until SIGTERM/Ctrl-C. With no upstream in the configuration it starts an
 * embedded PostgreSQL to guard, and with no agents it creates a demo agent whose password is printed once.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run pgguard in front of the configured database (or an embedded PostgreSQL when none is configured).")
final class ServeCommand implements Callable<Integer> {

    /**
     * For benchmarks only (bench/pgbench-compare.sh measures the classifier's cost against no classifier at
     * all): a JVM system property, not a config key, so that no config file can turn protection off.
     */
    static final String UNSAFE_ALLOW_ALL = "pgguard.unsafe.allowAll";

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final String DEMO_AGENT = "agent";

    @Mixin
    private ConfigFile configFile;

    @Option(names = "--embedded-data", paramLabel = "DIR",
            description = "data directory of the embedded PostgreSQL (default: ~/.pgguard/embedded-pg)")
    private Path embeddedData;

    @Override
    public Integer call() throws Exception {
        PgGuardConfig fileConfig = configFile.load(); // a ConfigException exits 78, as for every command
        EmbeddedUpstream embedded = fileConfig.environmentsInForce().isEmpty() ? startEmbedded() : null;
        String demoPassword = fileConfig.agents().isEmpty() ? Passwords.random() : null;
        // read-write, so that a first try shows what pgguard is for: writes pass, destructive ones wait
        AgentConfig demoAgent = demoPassword == null ? null : new AgentConfig(DEMO_AGENT,
                ScramVerifier.generate(demoPassword, ScramVerifier.DEFAULT_ITERATIONS).format(), AgentMode.READ_WRITE);
        PgGuardConfig config = withServeAdditions(fileConfig, embedded, demoAgent);
        log.info("effective configuration:\n{}", config.describe());
        PgGuardServer server = Boolean.getBoolean(UNSAFE_ALLOW_ALL)
                ? PgGuardServer.start(config, unsafeAllowAll())
                : PgGuardServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (Exception e) {
                    log.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
                }
            }
            // The log is asynchronous: flush what is queued (the last lines say how shutdown went).
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
                context.stop();
            }
            stopped.countDown();
        }, "pgguard-sigterm"));
        // Without a config file too: the agents file of ~/.pgguard is what pgguard agent add writes.
        new ConfigReloader(configFile.path(), fileConfig.managedFiles(),
                () -> withServeAdditions(configFile.load(), embedded, demoAgent), server::reload).start();
        // the agent commands must edit the agents file of this very configuration
        String configOption = configFile.path().map(p -> " --config " + p.toAbsolutePath()).orElse("");
        printBanner(System.out, config, server, embedded, demoPassword, configOption);
        stopped.await();
        return 0;
    }

    private EmbeddedUpstream startEmbedded() throws Exception {
        Path dir = embeddedData != null ? embeddedData : configFile.pgguardHome().resolve("embedded-pg");
        System.err.println("pgguard: no upstream configured; starting an embedded PostgreSQL in " + dir + " ...");
        return EmbeddedUpstream.start(dir);
    }

    /**
     * What serve adds to its file, the same at start and on every reload: the embedded upstream when the file
     * names none, and the demo agent while the file names no agent (adding agents to the file ends its sessions).
     */
    private static PgGuardConfig withServeAdditions(PgGuardConfig file, EmbeddedUpstream embedded, AgentConfig demo) {
        PgGuardConfig config = file;
        if (config.environmentsInForce().isEmpty() && embedded != null) {
            config = config.withUpstream(embedded.upstreamConfig());
        }
        if (config.agents().isEmpty() && demo != null) {
            config = config.withAgents(List.of(demo));
        }
        return config;
    }

    private static StatementInspector unsafeAllowAll() {
        log.warn("-D{}=true: EVERY STATEMENT IS ALLOWED, nothing is classified or held. For benchmarks only.",
                UNSAFE_ALLOW_ALL);
        return new UnsafeAllowAllInspector();
    }

    private static void printBanner(PrintStream out, PgGuardConfig config, PgGuardServer server,
                                    EmbeddedUpstream embedded, String demoPassword, String configOption) {
        InetSocketAddress address = server.address();
        InetSocketAddress admin = server.adminAddress();
        String host = address.getHostString();
        String database = embedded != null ? "postgres"
                : !config.environments().isEmpty() ? config.environments().get(0).name()
                : config.upstream().flatMap(u -> u.database()).orElse("DBNAME");
        String agent = demoPassword != null ? DEMO_AGENT : config.agents().get(0).name();
        String password = demoPassword != null ? demoPassword : "PASSWORD";
        String url = "postgresql://" + agent + ":" + password + "@" + host + ":" + address.getPort() + "/" + database;
        out.println();
        out.println("pgguard is running.");
        out.println();
        out.println("  Point your agent at pgguard instead of the database:");
        out.println("    DATABASE_URL=" + url);
        if (demoPassword != null) {
            out.println("    (demo agent '" + DEMO_AGENT + "', read-write; its password is shown only now and changes on "
                    + "every start)");
        }
        if (embedded != null) {
            out.println("  Guarded database: embedded PostgreSQL on 127.0.0.1:" + embedded.port()
                    + " (data in " + embedded.dataDirectory() + ")");
        } else {
            config.environmentsInForce().forEach(e -> out.println("  Guarded database" + (config.environments().isEmpty()
                    ? "" : " (environment " + e.name() + ")") + ": " + e.upstream().host() + ":" + e.upstream().port()));
        }
        out.println();
        String adminUrl = "http://" + admin.getHostString() + ":" + admin.getPort();
        out.println("  What a human runs next:");
        out.println("    approve or deny held statements, as they come:  pgguard approve");
        out.println("    the queue:             pgguard pending");
        if (!config.approvers().isEmpty()) {
            out.println("    (approvals use the named approvers' own tokens: pgguard approver list)");
        } else if (server.approverTokenFile() != null) {
            out.println("    (approvals use the token in " + server.approverTokenFile() + "; keep it to approvers)");
        }
        out.println("    connect as the agent:  psql \"" + url + "\"");
        out.println("    add an agent:          pgguard agent add NAME" + configOption
                + "   (prints its DATABASE_URL; also: agent list, agent revoke NAME)");
        out.println("    liveness:              curl " + adminUrl + "/health");
        out.println("    metrics:               curl " + adminUrl + "/metrics");
        out.println("    stop:                  Ctrl-C (open sessions drain, then get 57P01)");
        out.println();
        out.flush();
    }
}
