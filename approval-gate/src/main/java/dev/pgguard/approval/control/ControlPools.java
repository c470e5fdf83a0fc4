package dev.pgguard.approval.control;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgguard.config.UpstreamConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgguard's own connections to the guarded PostgreSQL (one environment's upstream, with the real credentials):
 * one small HikariCP pool per database, created on first use, shared by the blast-radius probe and the catalog
 * lookups of table scopes. Each pool keeps nothing open when idle (minimumIdle 0), so a database that is measured once costs no
 * standing connection. The credentials live in the pgjdbc data source only, never in Hikari's configuration,
 * which Hikari logs.
 */
public final class ControlPools implements AutoCloseable {

    private static final String APPLICATION_NAME = "pgguard-control";

    /** The README's promise: at most 2 control connections per database. */
    private static final int MAX_CONNECTIONS = 2;
    /**
     * Database names come from clients' startup messages; a bound keeps a client that names many databases
     * from making pgguard hold a pool for each.
     */
    private static final int MAX_POOLS = 32;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Hikari refuses connection and validation timeouts below 250 ms. */
    private static final long HIKARI_FLOOR_MS = 250;

    private static final Logger log = LoggerFactory.getLogger(ControlPools.class);

    private final UpstreamConfig upstream;
    private final Duration timeout;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    /** One housekeeping thread for all pools, instead of one per pool. */
    private final ScheduledThreadPoolExecutor housekeeping;
    private volatile boolean closed;

    public ControlPools(UpstreamConfig upstream, Duration timeout) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.housekeeping = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("pgguard-control-housekeeping"));
        housekeeping.setRemoveOnCancelPolicy(true);
    }

    /** A connection to {@code database}; waits at most the pool's connection timeout (about the probe's budget). */
    public Connection connection(String database) throws SQLException {
        if (closed) {
            throw new SQLException("pgguard's control connections are closed");
        }
        HikariDataSource pool = pools.get(database);
        if (pool == null) {
            synchronized (pools) {
                if (closed) {
                    throw new SQLException("pgguard's control connections are closed");
                }
                if (!pools.containsKey(database) && pools.size() >= MAX_POOLS) {
                    throw new SQLException("pgguard keeps control connections to at most " + MAX_POOLS
                            + " databases");
                }
                pool = pools.computeIfAbsent(database, this::newPool);
            }
        }
        return pool.getConnection();
    }

    @Override
    public void close() {
        synchronized (pools) {
            closed = true;
            pools.values().forEach(HikariDataSource::close);
            pools.clear();
        }
        housekeeping.shutdownNow();
    }

    private HikariDataSource newPool(String database) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pgguard-control-" + database);
        config.setDataSource(dataSource(database));
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0);
        config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        /*
         * Below the probe's budget, so that an unreachable server or a missing database comes back as an error
         * naming the reason before the budget ends in a bare "timeout".
         */
        long budgetMs = timeout.toMillis();
        config.setConnectionTimeout(Math.max(HIKARI_FLOOR_MS, budgetMs - budgetMs / 4));
        config.setValidationTimeout(Math.max(HIKARI_FLOOR_MS, Math.min(budgetMs, 5_000)));
        // no connection at start: the pool is created on a measurement's thread, which must not wait twice
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.setScheduledExecutor(housekeeping);
        // no user name either: the credentials stay out of the log altogether
        log.info("control pool for database {}: {}:{}, sslmode {}, at most {} connections", database,
                upstream.host(), upstream.port(), upstream.sslMode().yamlName(), MAX_CONNECTIONS);
        return new HikariDataSource(config);
    }

    private PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {upstream.host()});
        ds.setPortNumbers(new int[] {upstream.port()});
        ds.setDatabaseName(database);
        ds.setUser(upstream.user());
        upstream.password().ifPresent(secret -> ds.setPassword(secret.reveal()));
        ds.setSslMode(upstream.sslMode().yamlName()); // libpq's names, which pgjdbc shares
        upstream.sslRootCert().ifPresent(path -> ds.setSslRootCert(path.toString()));
        ds.setApplicationName(APPLICATION_NAME);
        // a server error's DETAIL can quote row values; Hikari logs driver messages as they are
        ds.setLogServerErrorDetail(false);
        ds.setConnectTimeout(wholeSeconds(upstream.connectTimeout()));
        ds.setLoginTimeout(wholeSeconds(upstream.connectTimeout()));
        /*
         * The server ends every query at statement_timeout; this is for a network that stops answering, so
         * that a worker thread is not stuck in a read forever.
         */
        ds.setSocketTimeout(wholeSeconds(timeout) + 10);
        return ds;
    }

    /** pgjdbc's timeouts are whole seconds, and 0 means "none": round up. */
    private static int wholeSeconds(Duration d) {
        long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    /**
     * Starts a control transaction: read-only whatever the driver's readOnlyMode, and every query of it ended by
     * the server after {@code timeoutMillis} (SET LOCAL, written as set_config so that the value is a bind
     * parameter).
     */
    public static void beginReadOnly(Connection conn, long timeoutMillis) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT set_config('transaction_read_only', 'on', true), set_config('statement_timeout', ?, true)")) {
            ps.setString(1, Math.max(1, timeoutMillis) + "ms");
            ps.execute();
        }
    }
}
