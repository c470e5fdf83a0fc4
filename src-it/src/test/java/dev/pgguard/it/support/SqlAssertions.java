package dev.pgguard.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;
import org.postgresql.util.PSQLException;

/** Assertions the protocol tests share. */
public final class SqlAssertions {

    private SqlAssertions() {
    }

    /** Runs {@code action}, expects a server error with {@code sqlState}, and returns it for further checks. */
    public static PSQLException assertSqlState(String sqlState, Executable action) {
        SQLException e = assertThrows(SQLException.class, action);
        assertEquals(sqlState, e.getSQLState(), () -> "SQLSTATE of: " + e);
        return assertInstanceOf(PSQLException.class, e);
    }

    /**
     * Runs {@code statements}, one after the other on one connection, on the database directly, not through
     * pgguard: for a test's own destructive setup and cleanup (DROP, TRUNCATE), which pgguard's classifier would
     * rightly refuse to an agent. Each is its own statement (and transaction), so DROP DATABASE may be one.
     */
    public static void directly(String... statements) throws SQLException {
        try (Connection c = UpstreamPostgres.get().connectDirect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** One value, read on a direct connection to the database (not through pgguard): what is really there. */
    public static String directScalar(String sql) throws SQLException {
        try (Connection c = UpstreamPostgres.get().connectDirect()) {
            return scalar(c, sql);
        }
    }

    /**
     * The result of a statement an agent thread runs while the test plays the human; its exception as thrown (not
     * wrapped), so that {@link #assertSqlState} can look at it. Waits up to 20 s.
     */
    public static <T> T awaitAgent(Future<T> agent) throws Exception {
        try {
            return agent.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** The single value of a one-row, one-column query. */
    public static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from: " + sql);
            }
            String v = rs.getString(1);
            if (rs.next()) {
                throw new AssertionError("more than one row from: " + sql);
            }
            return v;
        }
    }

    /** Asserts that the connection still answers a query correctly. */
    public static void assertAlive(Connection c) throws SQLException {
        assertEquals("alive-42", scalar(c, "SELECT 'alive-' || (40 + 2)"));
    }

    /** What {@link #cancelledSleep} observed: the error the statement ended with, and how long it ran. */
    public record Cancelled(SQLException error, java.time.Duration took) {
    }

    /**
     * Runs {@code SELECT pg_sleep(30)} on {@code st} and calls {@link Statement#cancel()} from another thread
     * after 700 ms (time enough for the query to reach the server). The caller asserts on the outcome.
     */
    public static Cancelled cancelledSleep(Statement st) {
        var canceller = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                st.cancel();
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, java.util.concurrent.CompletableFuture.delayedExecutor(700, java.util.concurrent.TimeUnit.MILLISECONDS));
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT pg_sleep(30)"));
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - t0);
        canceller.join();
        return new Cancelled(e, took);
    }
}
