package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pgguard.it.support.PgGuardExtension;
import java.sql.Connection;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transactions through pgguard, in both protocols: commit, rollback, savepoints, and recovery from an error. */
class TransactionIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    @BeforeEach
    void freshTable() throws Exception {
        try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
            directly("DROP TABLE IF EXISTS tx_rows");
            st.execute("CREATE TABLE tx_rows(id int PRIMARY KEY)");
        }
    }

    /** A session through pgguard in this pgjdbc query mode with autocommit off: commit and rollback are the test's. */
    private static Connection inTransaction(String mode) throws Exception {
        Connection c = pgguard.connect("preferQueryMode=" + mode);
        c.setAutoCommit(false);
        return c;
    }

    private static void insert(Connection c, int... ids) throws Exception {
        try (Statement st = c.createStatement()) {
            for (int id : ids) {
                st.executeUpdate("INSERT INTO tx_rows VALUES (" + id + ")");
            }
        }
    }

    private static String ids(Connection c) throws Exception {
        return scalar(c, "SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM tx_rows");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"extended", "simple"})
    void commitAndRollback(String mode) throws Exception {
        try (Connection c = inTransaction(mode); Connection other = pgguard.connect()) {
            insert(c, 1, 2);
            assertEquals("", ids(other), "uncommitted rows are invisible to another session");
            c.commit();
            assertEquals("1,2", ids(other));
            insert(c, 3);
            c.rollback();
            assertEquals("1,2", ids(c));
            assertEquals("1,2", ids(other));
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"extended", "simple"})
    void savepoints(String mode) throws Exception {
        try (Connection c = inTransaction(mode)) {
            insert(c, 1);
            Savepoint sp1 = c.setSavepoint("sp1");
            insert(c, 2);
            Savepoint sp2 = c.setSavepoint();
            insert(c, 3);
            c.rollback(sp2);
            assertEquals("1,2", ids(c));
            c.rollback(sp1);
            assertEquals("1", ids(c), "rolling back to a savepoint keeps the rows before it");
            insert(c, 4);
            c.releaseSavepoint(sp1);
            c.commit();
            assertEquals("1,4", ids(c));
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"extended", "simple"})
    void errorInsideATransactionThenRollback(String mode) throws Exception {
        try (Connection c = inTransaction(mode)) {
            insert(c, 10);
            assertSqlState("23505", () -> insert(c, 10));
            assertSqlState("25P02", () -> scalar(c, "SELECT 1"));
            c.rollback();
            assertEquals("", ids(c), "the whole transaction is gone");
            insert(c, 11);
            c.commit();
            assertEquals("11", ids(c));
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"extended", "simple"})
    void errorAfterASavepointIsRecoverable(String mode) throws Exception {
        try (Connection c = inTransaction(mode)) {
            insert(c, 20);
            Savepoint sp = c.setSavepoint();
            assertSqlState("22012", () -> scalar(c, "SELECT 1 / 0"));
            c.rollback(sp);
            insert(c, 21);
            c.commit();
            assertEquals("20,21", ids(c));
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"extended", "simple"})
    void explicitBeginCommitStatements(String mode) throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            st.execute("BEGIN");
            insert(c, 30);
            String t1 = scalar(c, "SELECT now()::text");
            Thread.sleep(20);
            assertEquals(t1, scalar(c, "SELECT now()::text"), "one transaction: now() does not move");
            st.execute("ROLLBACK");
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
            assertEquals("repeatable read", scalar(c, "SHOW transaction_isolation"));
            insert(c, 31);
            st.execute("COMMIT");
            assertEquals("31", ids(c));
        }
    }
}
