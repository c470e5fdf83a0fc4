package dev.pgguard.it.support;

import static dev.pgguard.it.support.SqlAssertions.scalar;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The real PostgreSQL that every integration test puts pgguard in front of. One per JVM, started on first use
 * and stopped by a shutdown hook. Chosen in this order:
 * <ol>
 *   <li>an external server named by the system property {@code pgguard.it.upstream} or the environment variable
 *       {@code PGGUARD_IT_UPSTREAM} ({@code postgresql://user:password@host:port/db});</li>
 *   <li>a Testcontainers {@code postgres:17}, when a Docker engine answers;</li>
 *   <li>an embedded PostgreSQL 17 (zonky), which needs nothing but Maven Central.</li>
 * </ol>
 *
 * <p>For the upstream-authentication tests it also prepares (once, on the servers it owns) three roles that
 * must really authenticate: {@link #SCRAM_USER}, {@link #MD5_USER} and {@link #CLEAR_USER}, with pg_hba.conf
 * lines giving each its method. The harness's own superuser keeps a trust (embedded) or password (container)
 * line. On an external server the roles are not touched; {@link #authRolesUnavailableReason()} says why.
 */
public final class UpstreamPostgres {

    public enum Source { EXTERNAL, TESTCONTAINERS, EMBEDDED }

    public static final String SCRAM_USER = "scram_user";
    public static final String SCRAM_PASSWORD = "scram-Secret-1";
    public static final String MD5_USER = "md5_user";
    public static final String MD5_PASSWORD = "md5-Secret-2";
    public static final String CLEAR_USER = "clear_user";
    public static final String CLEAR_PASSWORD = "clear-Secret-3";

    /** Enough for the 500-session test, with room for the tests' own direct connections. */
    static final String MAX_CONNECTIONS = "600";

    private static final Logger log = LoggerFactory.getLogger(UpstreamPostgres.class);
    private static volatile UpstreamPostgres instance;

    private final Source source;
    private final String host;
    private final int port;
    private final String database;
    private final String superUser;
    private final String superPassword; // null: trust
    private final AutoCloseable owner;  // what to stop at exit, null for an external server
    private String authRolesUnavailableReason;
    private HbaWriter hbaWriter;  // null: the roles are not ours to manage
    private String hbaAddress;    // the ADDRESS column of the pg_hba.conf lines for the test roles

    private UpstreamPostgres(Source source, String host, int port, String database, String superUser,
                             String superPassword, AutoCloseable owner) {
        this.source = source;
        this.host = host;
        this.port = port;
        this.database = database;
        this.superUser = superUser;
        this.superPassword = superPassword;
        this.owner = owner;
    }

    /** The shared instance, started on first call. */
    public static UpstreamPostgres get() {
        UpstreamPostgres local = instance;
        if (local == null) {
            synchronized (UpstreamPostgres.class) {
                local = instance;
                if (local == null) {
                    local = start();
                    instance = local;
                }
            }
        }
        return local;
    }

    private static UpstreamPostgres start() {
        long t0 = System.nanoTime();
        UpstreamPostgres pg;
        String external = System.getProperty("pgguard.it.upstream", System.getenv("PGGUARD_IT_UPSTREAM"));
        if (external != null && !external.isBlank()) {
            pg = external(external.trim());
        } else {
            String whyNotDocker = dockerUnavailableReason();
            if (whyNotDocker == null) {
                pg = testcontainers();
            } else {
                announce("Docker not used: " + whyNotDocker);
                pg = embedded();
            }
        }
        if (pg.owner != null) {
            UpstreamPostgres started = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.owner.close();
                } catch (Exception e) {
                    System.err.println("[pgguard-it] stopping the upstream PostgreSQL failed: " + e);
                }
            }, "upstream-postgres-stop"));
        }
        pg.prepareAuthRoles();
        announce(String.format("upstream PostgreSQL: %s at %s:%d/%s (%s), ready in %d ms%s",
                pg.source, pg.host, pg.port, pg.database, pg.serverVersion(),
                (System.nanoTime() - t0) / 1_000_000,
                pg.authRolesUnavailableReason == null ? ", auth roles ready"
                        : ", auth roles unavailable: " + pg.authRolesUnavailableReason));
        return pg;
    }

    /** Printed on stdout as well as logged, so that the Failsafe output always says which PostgreSQL ran. */
    private static void announce(String line) {
        System.out.println("[pgguard-it] " + line);
        log.info(line);
    }

    // ---- the three sources ----

    private static UpstreamPostgres external(String url) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("pgguard.it.upstream: expected postgresql://user:password@host:port/db,"
                    + " got scheme " + uri.getScheme());
        }
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        UpstreamPostgres pg = new UpstreamPostgres(Source.EXTERNAL, uri.getHost(), port, db, user, password, null);
        pg.authRolesUnavailableReason = "an external upstream's roles and pg_hba.conf are not managed by the tests";
        return pg;
    }

    /**
     * Why Testcontainers is not tried, or null to try it. Testcontainers looks for an engine in many places and
     * logs long stack traces when none answers; on a machine with no sign of one we don't ask it at all.
     */
    private static String dockerUnavailableReason() {
        if (Boolean.getBoolean("pgguard.it.noDocker")) {
            return "disabled by -Dpgguard.it.noDocker";
        }
        boolean hint = System.getenv("DOCKER_HOST") != null
                || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!hint) {
            return "no DOCKER_HOST and no Docker socket";
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker engine answered";
        } catch (Throwable t) {
            return "Docker check failed: " + t;
        }
    }

    private static UpstreamPostgres testcontainers() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:17"))
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("it-superuser-secret")
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=" + MAX_CONNECTIONS);
        container.start();
        UpstreamPostgres pg = new UpstreamPostgres(Source.TESTCONTAINERS, container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), "postgres", "postgres",
                "it-superuser-secret", container::stop);
        pg.hbaWriter = (path, content) -> container.copyFileToContainer(
                Transferable.of(content.getBytes(StandardCharsets.UTF_8), 0100644), path);
        // pgguard reaches the container through a Docker bridge, not from 127.0.0.1 as the server sees it.
        pg.hbaAddress = "all";
        return pg;
    }

    private static UpstreamPostgres embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", MAX_CONNECTIONS)
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            UpstreamPostgres up = new UpstreamPostgres(Source.EMBEDDED, "127.0.0.1", pg.getPort(), "postgres",
                    "postgres", null, pg);
            up.hbaWriter = (path, content) -> Files.writeString(Path.of(path), content, StandardCharsets.UTF_8);
            up.hbaAddress = "127.0.0.1/32";
            return up;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL", e);
        }
    }

    // ---- roles that really authenticate ----

    @FunctionalInterface
    private interface HbaWriter {
        void write(String path, String content) throws Exception;
    }

    private void prepareAuthRoles() {
        if (hbaWriter == null) {
            return;
        }
        try (Connection c = connectDirect(); Statement st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            createRole(st, SCRAM_USER, SCRAM_PASSWORD);
            createRole(st, CLEAR_USER, CLEAR_PASSWORD);
            st.execute("SET password_encryption = 'md5'");
            createRole(st, MD5_USER, MD5_PASSWORD);
            st.execute("RESET password_encryption");
            for (String role : new String[] {SCRAM_USER, MD5_USER, CLEAR_USER}) {
                st.execute("GRANT ALL ON SCHEMA public TO " + role);
            }

            String hbaFile = scalar(c, "SHOW hba_file");
            // First match wins: the three test roles get their method, everyone else (the harness's superuser
            // included) keeps what the server had, which is trust (embedded) or scram-sha-256 (container).
            String previous = scalar(c, "SELECT pg_read_file('" + hbaFile.replace("'", "''") + "')");
            String addr = hbaAddress;
            String hba = "# written by the pgguard integration tests (UpstreamPostgres)\n"
                    + "host all " + SCRAM_USER + " " + addr + " scram-sha-256\n"
                    + "host all " + MD5_USER + " " + addr + " md5\n"
                    + "host all " + CLEAR_USER + " " + addr + " password\n"
                    // Elsewhere (::1, another interface) they are refused, so no later trust line can let
                    // them in without a password and make an upstream-auth test pass for the wrong reason.
                    + (addr.equals("all") ? "" : "host all " + SCRAM_USER + "," + MD5_USER + "," + CLEAR_USER
                            + " all reject\n")
                    + previous;
            hbaWriter.write(hbaFile, hba);
            scalar(c, "SELECT pg_reload_conf()");
            // pg_reload_conf() only signals the postmaster; wait until the new rules are in force.
            String md5RuleCount = "SELECT count(*) FROM pg_hba_file_rules WHERE user_name = '{" + MD5_USER
                    + "}' AND auth_method = 'md5'";
            for (int i = 0; i < 100 && Integer.parseInt(scalar(c, md5RuleCount)) == 0; i++) {
                Thread.sleep(50);
            }
        } catch (Exception | AssertionError e) { // AssertionError: scalar() found no row
            authRolesUnavailableReason = "could not prepare the auth roles: " + e;
            log.warn("could not prepare the upstream auth roles", e);
        }
    }

    private static void createRole(Statement st, String role, String password) throws SQLException {
        st.execute("DROP ROLE IF EXISTS " + role);
        st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
    }

    // ---- what tests use ----

    public Source source() {
        return source;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String superUser() {
        return superUser;
    }

    /** The superuser's password, or null when the server trusts it. */
    public String superPassword() {
        return superPassword;
    }

    /** Null when {@link #SCRAM_USER}, {@link #MD5_USER} and {@link #CLEAR_USER} are ready, else why not. */
    public String authRolesUnavailableReason() {
        return authRolesUnavailableReason;
    }

    /** libpq settings (PGHOST, PGPORT, ...) for {@code database} on this server, as its superuser, without TLS. */
    public Map<String, String> directLibpqEnvironment(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host());
        env.put("PGPORT", String.valueOf(port()));
        env.put("PGUSER", superUser());
        if (superPassword() != null) {
            env.put("PGPASSWORD", superPassword());
        }
        env.put("PGDATABASE", database);
        env.put("PGSSLMODE", "disable");
        return env;
    }

    /** A JDBC URL straight to the upstream, bypassing pgguard, with the given extra URL parameters. */
    public String directUrl(String... params) {
        return directUrlTo(database, params);
    }

    private String directUrlTo(String database, String... params) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(database).append("?sslmode=disable");
        for (String p : params) {
            url.append('&').append(p);
        }
        return url.toString();
    }

    /** A superuser connection straight to the upstream, bypassing pgguard: the reference tests compare with. */
    public Connection connectDirect(String... params) throws SQLException {
        return connectDirectTo(database, params);
    }

    /** A superuser connection straight to {@code database} on this server, bypassing pgguard. */
    public Connection connectDirectTo(String database, String... params) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", superUser);
        if (superPassword != null) {
            props.setProperty("password", superPassword);
        }
        return DriverManager.getConnection(directUrlTo(database, params), props);
    }

    private String serverVersion() {
        try (Connection c = connectDirect()) {
            return "PostgreSQL " + scalar(c, "SHOW server_version");
        } catch (SQLException e) {
            return "version unknown: " + e.getMessage();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
