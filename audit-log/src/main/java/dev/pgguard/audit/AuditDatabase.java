package dev.pgguard.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgguard.config.UpstreamConfig;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The pool to the audit database: one connection (one shipper thread uses it), and none kept while idle
 * (minimumIdle 0), so that a restart of the audit database leaves no stale connection waiting in the pool. The
 * credentials live in the pgjdbc data source only, never in Hikari's configuration, which Hikari logs.
 */
final class AuditDatabase {

    private static final String APPLICATION_NAME = "pgguard-audit";
    /** A network that stops answering must not hold the shipper in a read forever; a batch takes far less. */
    private static final int SOCKET_TIMEOUT_SECONDS = 60;
    /** Hikari refuses connection timeouts below 250 ms. */
    private static final long HIKARI_FLOOR_MS = 250;

    private AuditDatabase() {
    }

    /** No connection is opened here: pgguard starts whether or not the audit database is up. */
    static HikariDataSource pool(UpstreamConfig connection) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pgguard-audit-table");
        config.setDataSource(dataSource(connection));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionTimeout(Math.max(HIKARI_FLOOR_MS, connection.connectTimeout().toMillis() + 1000));
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static PGSimpleDataSource dataSource(UpstreamConfig u) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {u.host()});
        ds.setPortNumbers(new int[] {u.port()});
        ds.setDatabaseName(u.database().orElseThrow());
        ds.setUser(u.user());
        u.password().ifPresent(secret -> ds.setPassword(secret.reveal()));
        ds.setSslMode(u.sslMode().yamlName()); // libpq's names, which pgjdbc shares
        u.sslRootCert().ifPresent(path -> ds.setSslRootCert(path.toString()));
        ds.setApplicationName(APPLICATION_NAME);
        ds.setConnectTimeout(wholeSeconds(u.connectTimeout()));
        ds.setLoginTimeout(wholeSeconds(u.connectTimeout()));
        ds.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        /*
         * Errors must not carry the rows: a failed batch's message would hold its parameters (the records, SQL text
         * and all) and the server's detail its failing row, and both end up in the application log.
         */
        ds.setLogServerErrorDetail(false);
        ds.setReWriteBatchedInserts(true); // a batch goes as multi-row INSERTs, not one statement per record
        return ds;
    }

    /** pgjdbc's timeouts are whole seconds, and 0 means "none": round up. */
    private static int wholeSeconds(Duration d) {
        long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
