package dev.pgguard.approval.blast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.approval.blast.BlastRadius.Status;
import dev.pgguard.approval.control.ControlPools;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.config.Secret;
import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The probe against a real PostgreSQL (embedded, started once for the class), with statements classified by
 * the real classifier. The fixture is read by every test and changed by none.
 */
@Timeout(60)
class BlastRadiusProbeTest {

    private static final Classifier CLASSIFIER = new Classifier(ClassifierLimits.DEFAULT);
    private static final int ITEMS = 10_000;

    private static EmbeddedPostgres pg;
    private static BlastRadiusProbe probe;
    /** Every probe's control connections, closed after the class (a probe leaves them open). */
    private static final List<ControlPools> POOLS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = admin("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE other");
            st.execute("CREATE TABLE items (id int PRIMARY KEY, x int, note text)");
            st.execute("INSERT INTO items SELECT g, g, repeat('x', 50) FROM generate_series(1, " + ITEMS + ") g");
            st.execute("CREATE VIEW big_items AS SELECT * FROM items WHERE x > 100");
            st.execute("CREATE TABLE orders (id serial PRIMARY KEY, item_id int REFERENCES items (id))");
            st.execute("INSERT INTO orders (item_id) SELECT g FROM generate_series(1, 500) g");
            st.execute("CREATE TABLE never_analysed (id int)");
            st.execute("INSERT INTO never_analysed VALUES (1), (2), (3)");
            // larger than Measurement.COUNT_MAX_BYTES, and kept from autovacuum's ANALYZE
            st.execute("CREATE TABLE large_never_analysed (id int, pad text) WITH (autovacuum_enabled = false)");
            st.execute("INSERT INTO large_never_analysed SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g");
            st.execute("CREATE TABLE locked (id int)");
            st.execute("CREATE SEQUENCE s");
            // lies about its volatility: the planner folds it, i.e. runs it, while planning
            st.execute("CREATE FUNCTION bump() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT nextval(''s'')'");
            st.execute("CREATE SCHEMA archive");
            st.execute("CREATE TABLE archive.small AS SELECT g AS id FROM generate_series(1, 100) g");
            st.execute("CREATE TABLE archive.large AS SELECT g AS id FROM generate_series(1, 3000) g");
            st.execute("CREATE TABLE events (id int, day int) PARTITION BY RANGE (day)");
            st.execute("CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100)");
            st.execute("CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM (100) TO (200)");
            st.execute("INSERT INTO events SELECT g, g % 200 FROM generate_series(1, 4000) g");
            st.execute("CREATE TABLE hub (id int)");
            for (int i = 1; i <= 55; i++) {
                st.execute("CREATE VIEW hub_view_" + i + " AS SELECT id FROM hub");
            }
            st.execute("ANALYZE items, orders, archive.small, archive.large, events");
        }
        probe = probe(control(pg.getPort(), Optional.empty()), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws IOException {
        if (probe != null) {
            probe.close();
        }
        POOLS.forEach(ControlPools::close);
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void deleteWithoutWhereShowsTheTableAndTheRowsItWouldDelete() throws Exception {
        BlastRadius radius = measure("DELETE FROM items");

        assertEquals(Status.OK, radius.status(), radius::toString);
        TableImpact items = table(radius, "public.items");
        assertEquals(ITEMS, items.rows());
        assertTrue(items.bytes() > 8192, () -> "bytes " + items.bytes());
        assertNear(ITEMS, items.rowsAffected());
        assertTrue(radius.notes().contains("rows are estimates from pg_class statistics"), radius::toString);
        assertTrue(radius.cascade().isEmpty());
    }

    @Test
    void updateWithANarrowWhereIsEstimatedSmall() throws Exception {
        BlastRadius radius = measure("UPDATE items SET x = 1 WHERE id < 10");

        assertEquals(Status.OK, radius.status(), radius::toString);
        Long affected = table(radius, "public.items").rowsAffected();
        assertNotNull(affected);
        assertTrue(affected >= 1 && affected < 100, () -> "rows affected " + affected);
    }

    @Test
    void dataModifyingWithIsEstimatedFromItsModifyTableNode() throws Exception {
        BlastRadius radius = measure("WITH gone AS (DELETE FROM items RETURNING id) SELECT count(*) FROM gone");

        assertNear(ITEMS, table(radius, "public.items").rowsAffected());
    }

    @Test
    void dropTableCascadeListsWhatGoesWithIt() throws Exception {
        BlastRadius radius = measure("DROP TABLE items CASCADE");

        assertEquals(Status.OK, radius.status(), radius::toString);
        assertEquals(ITEMS, table(radius, "public.items").rows());
        assertNull(table(radius, "public.items").rowsAffected());
        assertTrue(radius.cascade().contains(new CascadeObject("view", "public.big_items")), radius::toString);
        CascadeObject foreignKey = new CascadeObject("table constraint", "orders_item_id_fkey on public.orders");
        assertTrue(radius.cascade().contains(foreignKey), radius::toString);
        // the table's own parts go with it in any case: not listed
        assertFalse(radius.cascade().stream().anyMatch(o -> o.name().contains("items_pkey")), radius::toString);
    }

    @Test
    void dropWithoutCascadeSaysPostgresWillRefuseIt() throws Exception {
        BlastRadius radius = measure("DROP TABLE items");

        assertTrue(radius.cascade().isEmpty(), radius::toString);
        assertTrue(radius.notes().stream().anyMatch(n -> n.startsWith("without CASCADE PostgreSQL refuses")),
                radius::toString);
    }

    @Test
    void cascadeIsCappedAtFiftyWithANote() throws Exception {
        BlastRadius radius = measure("DROP TABLE hub CASCADE");

        assertEquals(50, radius.cascade().size());
        assertTrue(radius.notes().contains("more than 50 objects would go with the CASCADE: the first 50 are listed"),
                radius::toString);
    }

    @Test
    void truncateCascadeListsTheReferencingTables() throws Exception {
        BlastRadius radius = measure("TRUNCATE items CASCADE");

        assertEquals(List.of(new CascadeObject("table", "public.orders")), radius.cascade());
        assertNull(table(radius, "public.items").rowsAffected());
    }

    @Test
    void dropDatabaseShowsItsSize() throws Exception {
        BlastRadius radius = measure("DROP DATABASE other");

        assertEquals(Status.OK, radius.status(), radius::toString);
        assertTrue(radius.databaseBytes() > 1_000_000, radius::toString);
    }

    @Test
    void dropOfAMissingDatabaseIsANote() throws Exception {
        BlastRadius radius = measure("DROP DATABASE IF EXISTS nowhere");

        assertEquals(Status.OK, radius.status(), radius::toString);
        assertNull(radius.databaseBytes());
        assertTrue(radius.notes().contains("database nowhere does not exist"), radius::toString);
    }

    @Test
    void dropSchemaListsItsTables() throws Exception {
        BlastRadius radius = measure("DROP SCHEMA archive CASCADE");

        assertEquals(List.of("archive.large", "archive.small"),
                radius.tables().stream().map(TableImpact::name).toList());
        assertEquals(3000L, radius.tables().get(0).rows());
        assertEquals(100L, radius.tables().get(1).rows());
    }

    @Test
    void partitionedTableAddsUpItsPartitions() throws Exception {
        TableImpact events = table(measure("DELETE FROM events"), "public.events");

        assertEquals(4000L, events.rows());
        assertTrue(events.bytes() > 0);
        assertNear(4000, events.rowsAffected());
    }

    @Test
    void missingTableIsANoteNotAnError() throws Exception {
        BlastRadius radius = measure("DELETE FROM nowhere");

        assertEquals(Status.OK, radius.status(), radius::toString);
        assertTrue(radius.tables().isEmpty());
        assertTrue(radius.notes().contains("nowhere does not exist, or pgguard's control user cannot see it"),
                radius::toString);
    }

    @Test
    void aSmallNeverAnalysedTableIsCountedAndBoundsThePlannersGuess() throws Exception {
        BlastRadius radius = measure("DELETE FROM never_analysed");

        TableImpact t = table(radius, "public.never_analysed");
        assertEquals(3L, t.rows(), radius::toString);
        assertEquals(3L, t.rowsAffected(), "the planner alone guesses thousands for a never-analysed table");
        assertEquals(List.of("rows of public.never_analysed counted: it has never been analysed"), radius.notes());
    }

    @Test
    void aLargeNeverAnalysedTableHasNoRowCount() throws Exception {
        BlastRadius radius = measure("TRUNCATE large_never_analysed");

        assertNull(table(radius, "public.large_never_analysed").rows());
        assertTrue(radius.notes().contains("no row count for public.large_never_analysed: it has never been analysed"),
                radius::toString);
    }

    @Test
    void bindParametersMeanNoEstimate() throws Exception {
        BlastRadius radius = measure("DELETE FROM items WHERE id = $1");

        assertEquals(Status.OK, radius.status(), radius::toString);
        assertNull(table(radius, "public.items").rowsAffected());
        assertTrue(radius.notes().contains("no estimate for a statement with bind parameters"), radius::toString);
    }

    @Test
    void everyStatementOfTheMessageIsMeasured() throws Exception {
        BlastRadius radius = measure("DELETE FROM orders; DROP TABLE items CASCADE");

        assertNear(500, table(radius, "public.orders").rowsAffected());
        assertEquals(ITEMS, table(radius, "public.items").rows());
        assertTrue(radius.cascade().contains(new CascadeObject("view", "public.big_items")), radius::toString);
    }

    @Test
    void aVolatileFunctionIsNotExecuted() throws Exception {
        long before = sequenceValue();

        BlastRadius radius = measure("DELETE FROM items WHERE id = nextval('s')");

        assertEquals(Status.OK, radius.status(), radius::toString);
        assertNotNull(table(radius, "public.items").rowsAffected());
        assertEquals(before, sequenceValue());
    }

    @Test
    void aFunctionRunWhilePlanningCannotWrite() throws Exception {
        long before = sequenceValue();

        BlastRadius radius = measure("DELETE FROM items WHERE id = bump()");

        // the READ ONLY transaction stopped nextval(): no estimate, the reason in a note, nothing changed
        assertEquals(Status.OK, radius.status(), radius::toString);
        assertNull(table(radius, "public.items").rowsAffected());
        assertTrue(radius.notes().stream().anyMatch(n -> n.contains("EXPLAIN failed: SQLSTATE 25006")),
                radius::toString);
        assertEquals(before, sequenceValue());
    }

    @Test
    void aLockedTableEndsInTimeoutWithoutBlockingTheCaller() throws Exception {
        try (BlastRadiusProbe quick = probe(control(pg.getPort(), Optional.empty()),
                Duration.ofMillis(200));
             Connection locker = admin("postgres");
             Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");

            long start = System.nanoTime();
            CompletableFuture<BlastRadius> future = quick.measure("postgres", classify("TRUNCATE locked"));
            long returnedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            BlastRadius radius = future.get(5, TimeUnit.SECONDS);
            long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            locker.rollback();

            assertTrue(returnedMs < 100, () -> "measure() took " + returnedMs + " ms");
            assertEquals(Status.TIMEOUT, radius.status(), radius::toString);
            assertTrue(answeredMs < 1000, () -> "answered after " + answeredMs + " ms");
            assertTrue(radius.notes().get(0).contains("200 ms"), radius::toString);
        }
    }

    @Test
    void aMissingDatabaseIsAnErrorNamingTheSqlState() throws Exception {
        try (BlastRadiusProbe quick = probe(control(pg.getPort(), Optional.empty()),
                Duration.ofSeconds(1))) {
            BlastRadius radius = quick.measure("no_such_db", classify("DELETE FROM t"))
                    .get(5, TimeUnit.SECONDS);

            assertEquals(Status.ERROR, radius.status(), radius::toString);
            assertTrue(radius.notes().get(0).contains("SQLSTATE 3D000"), radius::toString);
        }
    }

    @Test
    void anUnreachableServerIsAnErrorThatNeverShowsThePassword() throws Exception {
        String password = "s3cret-Pass";
        try (BlastRadiusProbe quick = probe(control(freePort(), Optional.of(password)),
                Duration.ofSeconds(1))) {
            BlastRadius radius = quick.measure("postgres", classify("DROP TABLE t"))
                    .get(5, TimeUnit.SECONDS);

            assertEquals(Status.ERROR, radius.status(), radius::toString);
            assertFalse(radius.toString().contains(password), radius::toString);
        }
        assertFalse(control(5432, Optional.of(password)).toString().contains(password));
    }

    @Test
    void aClosedProbeAnswersWithError() throws Exception {
        BlastRadiusProbe closed = probe(control(pg.getPort(), Optional.empty()),
                Duration.ofSeconds(1));
        closed.close();

        BlastRadius radius = closed.measure("postgres", classify("DELETE FROM items"))
                .get(5, TimeUnit.SECONDS);

        assertEquals(Status.ERROR, radius.status());
        assertEquals(List.of("the blast-radius probe is closed"), radius.notes());
    }

    private static BlastRadiusProbe probe(UpstreamConfig upstream, Duration timeout) {
        ControlPools pools = new ControlPools(upstream, timeout);
        POOLS.add(pools);
        return new BlastRadiusProbe(upstream, pools, timeout);
    }

    private static BlastRadius measure(String sql) throws Exception {
        return probe.measure("postgres", classify(sql)).get(10, TimeUnit.SECONDS);
    }

    private static List<ClassifiedStatement> classify(String sql) {
        return CLASSIFIER.classify(sql).statements();
    }

    private static TableImpact table(BlastRadius radius, String name) {
        return radius.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + radius));
    }

    /** Planner estimates: within 10 % of the truth. */
    private static void assertNear(long expected, Long actual) {
        assertNotNull(actual, "no estimate");
        assertTrue(Math.abs(actual - expected) <= expected / 10,
                () -> "expected about " + expected + ", got " + actual);
    }

    private static long sequenceValue() throws SQLException {
        try (Connection c = admin("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT last_value + is_called::int FROM s")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection admin(String database) throws SQLException {
        return pg.getDatabase("postgres", database).getConnection();
    }

    private static UpstreamConfig control(int port, Optional<String> password) {
        return new UpstreamConfig("localhost", port, Optional.empty(), "postgres", password.map(Secret::of),
                SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(2));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
