package dev.pgguard.approval.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.classifier.CatalogFacts;
import dev.pgguard.classifier.CatalogFacts.Questions;
import dev.pgguard.classifier.CatalogFacts.Reach;
import dev.pgguard.classifier.FunctionRef;
import dev.pgguard.classifier.TableRef;
import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog lookup against a real PostgreSQL (embedded, started once for the class). */
class CatalogLookupTest {

    private static EmbeddedPostgres pg;
    private static ControlPools pools;
    private static final AtomicLong NOW = new AtomicLong();
    private static CatalogLookup lookup;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        execute("CREATE TABLE secret (id int)", "CREATE TABLE open (id int)", "CREATE TABLE log (id int)",
                "CREATE VIEW leak AS SELECT id FROM secret", "CREATE VIEW leak2 AS SELECT * FROM leak JOIN open USING (id)",
                "CREATE MATERIALIZED VIEW snapshot AS SELECT * FROM secret",
                "CREATE FUNCTION peek() RETURNS int LANGUAGE sql AS 'SELECT max(id) FROM secret'",
                "CREATE VIEW calls AS SELECT peek() AS p, lower('A') AS l",
                "CREATE TABLE parent (id int) PARTITION BY RANGE (id)",
                "CREATE TABLE part1 PARTITION OF parent FOR VALUES FROM (0) TO (10)",
                "CREATE TABLE sub_parent (id int) PARTITION BY RANGE (id)",
                "ALTER TABLE parent ATTACH PARTITION sub_parent FOR VALUES FROM (10) TO (20)",
                "CREATE TABLE part2 PARTITION OF sub_parent FOR VALUES FROM (10) TO (20)",
                "CREATE RULE copy AS ON INSERT TO open DO ALSO INSERT INTO log VALUES (NEW.id)",
                "CREATE VIEW redirect AS SELECT id FROM open",
                "CREATE RULE instead AS ON INSERT TO redirect DO INSTEAD INSERT INTO secret VALUES (NEW.id)",
                "CREATE SCHEMA app", "CREATE TABLE app.\"Mixed Case\" (id int)",
                "CREATE VIEW app.v AS SELECT * FROM app.\"Mixed Case\"",
                "CREATE FUNCTION public.lower(int) RETURNS text LANGUAGE sql AS 'SELECT ''x'''");
        UpstreamConfig upstream = upstream(pg.getPort());
        pools = new ControlPools(upstream, Duration.ofSeconds(2));
        lookup = new CatalogLookup(upstream, pools, Duration.ofSeconds(2), NOW::get);
    }

    @AfterAll
    static void stop() throws IOException {
        if (lookup != null) {
            lookup.close();
            pools.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void readingAViewReachesEveryRelationAndFunctionBehindIt() throws Exception {
        CatalogFacts facts = facts(Set.of(t("leak2"), t("snapshot"), t("calls"), t("open"), t("app", "v")), Set.of());

        assertEquals(Set.of(t("leak"), t("secret"), t("open")), Set.copyOf(facts.reach(t("leak2"), false).relations()));
        assertEquals(List.of(t("secret")), facts.reach(t("snapshot"), false).relations());
        // built-in functions are pinned: PostgreSQL records no dependency on them
        assertEquals(List.of(new FunctionRef("public", "peek")), facts.reach(t("calls"), false).functions());
        assertEquals(Reach.NOTHING, facts.reach(t("open"), false), "a table's INSERT rule does not run on reads");
        assertEquals(List.of(t("app", "Mixed Case")), facts.reach(t("app", "v"), false).relations());
    }

    @Test
    void writingFollowsRulesAndTheViewsBaseTable() throws Exception {
        CatalogFacts facts = facts(Set.of(t("open"), t("redirect"), t("leak")), Set.of());

        assertEquals(List.of(t("log")), facts.reach(t("open"), true).relations());
        assertEquals(Set.of(t("open"), t("secret"), t("log")), Set.copyOf(facts.reach(t("redirect"), true).relations()));
        assertEquals(List.of(t("open")), facts.reach(t("redirect"), false).relations());
        assertEquals(List.of(t("secret")), facts.reach(t("leak"), true).relations());
    }

    @Test
    void aPartitionedTableReachesItsPartitionsAtEveryLevel() throws Exception {
        CatalogFacts facts = facts(Set.of(t("parent")), Set.of());

        assertEquals(Set.of(t("part1"), t("sub_parent"), t("part2")),
                Set.copyOf(facts.reach(t("parent"), false).relations()));
    }

    @Test
    void aBuiltInNameDefinedInPublicIsReported() throws Exception {
        CatalogFacts facts = facts(Set.of(), Set.of("lower", "upper"));

        assertTrue(facts.publicHasFunction("lower"));
        assertFalse(facts.publicHasFunction("upper"));
    }

    @Test
    void answersAreKeptForAFewSecondsButAMissingRelationIsNot() throws Exception {
        execute("CREATE TABLE kept_base (id int)", "CREATE VIEW kept AS SELECT * FROM kept_base");
        assertEquals(List.of(t("kept_base")), facts(Set.of(t("kept")), Set.of()).reach(t("kept"), false).relations());
        assertEquals(Reach.NOTHING, facts(Set.of(t("later")), Set.of()).reach(t("later"), false));

        execute("CREATE OR REPLACE VIEW kept AS SELECT * FROM kept_base JOIN secret USING (id)",
                "CREATE VIEW later AS SELECT * FROM secret");
        CompletableFuture<CatalogFacts> kept = lookup.facts("postgres", new Questions(Set.of(t("kept")), Set.of()));
        assertTrue(kept.isDone(), "a kept answer comes at once, on the caller's thread");
        assertEquals(List.of(t("kept_base")), kept.get().reach(t("kept"), false).relations());
        assertEquals(List.of(t("secret")), facts(Set.of(t("later")), Set.of()).reach(t("later"), false).relations(),
                "a relation that did not exist is looked up again");

        NOW.addAndGet(CatalogLookup.FRESH_FOR.toNanos());
        assertEquals(Set.of(t("kept_base"), t("secret")),
                Set.copyOf(facts(Set.of(t("kept")), Set.of()).reach(t("kept"), false).relations()));
    }

    @Test
    void anUnreachableDatabaseFailsTheLookupWithTheReason() throws Exception {
        UpstreamConfig nowhere = upstream(freePort());
        try (ControlPools closedPools = new ControlPools(nowhere, Duration.ofMillis(500));
             CatalogLookup unreachable = new CatalogLookup(nowhere, closedPools, Duration.ofMillis(500))) {
            CompletableFuture<CatalogFacts> f = unreachable.facts("postgres",
                    new Questions(Set.of(t("leak")), Set.of()));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertInstanceOf(CatalogUnavailableException.class, e.getCause(), e::toString);
        }
    }

    private static CatalogFacts facts(Set<TableRef> relations, Set<String> functions) throws Exception {
        return lookup.facts("postgres", new Questions(relations, functions)).get(10, TimeUnit.SECONDS);
    }

    private static TableRef t(String name) {
        return t("public", name);
    }

    private static TableRef t(String schema, String name) {
        return new TableRef(schema, name);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static UpstreamConfig upstream(int port) {
        return new UpstreamConfig("localhost", port, Optional.empty(), "postgres", Optional.empty(), SslMode.DISABLE,
                Optional.empty(), Duration.ofSeconds(2));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
