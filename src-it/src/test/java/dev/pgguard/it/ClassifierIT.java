package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.util.PSQLException;

/**
 * The classifier in the statement path, with its default policy, against a real PostgreSQL through pgjdbc in
 * both protocols. Every hold is denied at once by a stand-in approver (HoldsIT is about approvals): the checks
 * are that nothing of a held and denied message reaches the database, that the session carries on, and that
 * harmless traffic passes.
 * Every test looks at the database's actual state through a direct connection.
 */
class ClassifierIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().denyEveryHold().build();

    @RegisterExtension
    static final PgGuardExtension denying = PgGuardExtension.builder()
            .classifierSection("classifier: { rules: { truncate: deny, update-without-where: off } }").build();

    @BeforeEach
    void freshTable() throws SQLException {
        directly("DROP TABLE IF EXISTS guarded, guarded_child",
                "CREATE TABLE guarded (id int PRIMARY KEY, v text)",
                "INSERT INTO guarded SELECT g, 'v' || g FROM generate_series(1, 10) g",
                "GRANT ALL ON guarded TO PUBLIC");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void destructiveStatementsAreRefusedAndNothingReachesTheDatabase(String mode) throws SQLException {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            PSQLException drop = assertSqlState("42501", () -> st.execute("DROP TABLE guarded"));
            assertTrue(drop.getMessage().contains("rule \"drop\""), drop.getMessage());
            assertTrue(drop.getServerErrorMessage().getHint().contains("Do not retry"), "the hint talks to the agent");
            assertSqlState("42501", () -> st.execute("TRUNCATE guarded"));
            assertSqlState("42501", () -> st.execute("DELETE FROM guarded"));
            assertSqlState("42501", () -> st.execute("delete from guarded where 1 = 1"));
            assertSqlState("42501", () -> st.execute("UPDATE guarded SET v = 'x'"));
            assertSqlState("42501", () -> st.execute("WITH d AS (DELETE FROM guarded RETURNING *) SELECT count(*) FROM d"));
            assertSqlState("42501", () -> st.execute("ALTER TABLE guarded DROP COLUMN v"));
            assertAlive(c);
            assertEquals(1, st.executeUpdate("DELETE FROM guarded WHERE id = 1"), "a targeted DELETE passes");
            assertEquals(1, st.executeUpdate("UPDATE guarded SET v = 'changed' WHERE id = 2"));
        }
        assertEquals("9", directScalar("SELECT count(*) FROM guarded"));
        assertEquals("v3", directScalar("SELECT v FROM guarded WHERE id = 3"), "the refused UPDATE changed nothing");
        assertEquals("v", directScalar("SELECT string_agg(column_name, ',') FROM information_schema.columns "
                + "WHERE table_name = 'guarded' AND column_name = 'v'"), "the column is still there");
    }

    @Test
    void aMultiStatementQueryIsOneUnitRefusedWhole() throws SQLException {
        try (Connection c = pgguard.connect("preferQueryMode=simple"); Statement st = c.createStatement()) {
            assertSqlState("42501", () -> st.execute(
                    "INSERT INTO guarded VALUES (100, 'first'); DROP TABLE guarded; INSERT INTO guarded VALUES (101, 'last')"));
            assertAlive(c);
        }
        assertEquals("10", directScalar("SELECT count(*) FROM guarded"), "not even the first INSERT ran");
    }

    @Test
    void lookAlikesPass() throws SQLException {
        try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
            assertEquals("DROP TABLE guarded", scalar(c, "SELECT 'DROP TABLE guarded'"));
            assertEquals("1", scalar(c, "/* DROP TABLE guarded */ SELECT 1 -- TRUNCATE guarded"));
            st.execute("CREATE TEMP TABLE scratch (id int) ON COMMIT DROP");
            st.execute("CREATE TABLE guarded_child (id int REFERENCES guarded ON DELETE CASCADE ON UPDATE CASCADE)");
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM guarded WHERE id = ?")) {
                for (int i = 1; i <= 10; i++) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("v" + i, rs.getString(1));
                    }
                }
            }
        }
    }

    @Test
    void theConfigCanDenyARuleOrSwitchItOff() throws SQLException {
        try (Connection c = denying.connect(); Statement st = c.createStatement()) {
            PSQLException truncate = assertSqlState("42501", () -> st.execute("TRUNCATE guarded"));
            assertTrue(truncate.getMessage().contains("pgguard denied"), truncate.getMessage());
            assertEquals(10, st.executeUpdate("UPDATE guarded SET v = 'all'"), "update-without-where is off");
        }
        assertEquals("10", directScalar("SELECT count(*) FROM guarded WHERE v = 'all'"));
    }

    /**
     * The server reports standard_conforming_strings in a ParameterStatus when a SET changes it; pgguard tokenizes
     * the next statements accordingly. With it off, {@code 'a\'; DROP ...; --'} is one string.
     */
    @Test
    void standardConformingStringsFollowTheServer() throws SQLException {
        String sql = "SELECT 'a\\'; DROP TABLE guarded; --'";
        try (Connection c = pgguard.connect("preferQueryMode=simple"); Statement st = c.createStatement()) {
            assertSqlState("42501", () -> st.execute(sql));
            st.execute("SET standard_conforming_strings = off");
            try (ResultSet rs = st.executeQuery(sql)) {
                assertTrue(rs.next());
                assertEquals("a'; DROP TABLE guarded; --", rs.getString(1));
            }
            st.execute("SET standard_conforming_strings = on");
            assertSqlState("42501", () -> st.execute(sql));
        }
        assertEquals("10", directScalar("SELECT count(*) FROM guarded"));
    }

    @Test
    void largeObjectFunctionCallsPassAndTheirOidsAreTheBuiltInOnes() throws SQLException {
        assertEquals("lo_close,lo_creat,lo_create,lo_lseek,lo_lseek64,lo_open,lo_tell,lo_tell64,lo_truncate,"
                + "lo_truncate64,loread,lowrite", directScalar("SELECT string_agg(proname, ',' ORDER BY proname) "
                + "FROM pg_proc WHERE oid IN (952, 953, 954, 955, 956, 957, 958, 715, 1004, 3170, 3171, 3172)"));
        byte[] data = new byte[50_000];
        new Random(3).nextBytes(data);
        try (Connection c = pgguard.connect()) {
            c.setAutoCommit(false);
            LargeObjectManager lom = c.unwrap(PGConnection.class).getLargeObjectAPI();
            long oid = lom.createLO(LargeObjectManager.READWRITE);
            try (LargeObject lo = lom.open(oid, LargeObjectManager.READWRITE)) {
                lo.write(data);
                lo.seek(0);
                assertArrayEquals(data, lo.read(data.length));
            }
            // lo_unlink is not large-object I/O: the fast path refuses it, SELECT lo_unlink() is held
            assertSqlState("42501", () -> lom.delete(oid));
            c.rollback();
        }
    }

}
