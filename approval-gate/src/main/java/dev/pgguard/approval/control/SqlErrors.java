package dev.pgguard.approval.control;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Reading a driver failure for the approver: its SQLSTATE and first line, and whether it means "out of time". */
public final class SqlErrors {

    /** query_canceled: what the server answers when statement_timeout fires. */
    private static final String QUERY_CANCELED = "57014";

    private SqlErrors() {
    }

    /**
     * The budget ran out: the server cancelled a query at statement_timeout, the budget check between queries
     * fired, or the pool had no connection free in time. A pool timeout whose cause is a failed connection
     * attempt is an error, not a timeout: the cause says what is wrong.
     */
    public static boolean isTimeout(SQLException e) {
        return e instanceof SQLTimeoutException || QUERY_CANCELED.equals(e.getSQLState())
                || e instanceof SQLTransientConnectionException && !(e.getCause() instanceof SQLException);
    }

    /**
     * {@code SQLSTATE 42P01: relation "t" does not exist}. Only the first line: the server's DETAIL and the
     * driver's "Position:" follow on later lines, and a DETAIL can quote row values. A pool timeout wraps the
     * real reason (connection refused, no such database) as its cause, which is what the approver needs.
     */
    public static String describe(SQLException e) {
        SQLException shown = e.getCause() instanceof SQLException cause ? cause : e;
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.startsWith("ERROR: ") || message.startsWith("FATAL: ")) {
            message = message.substring(7);
        }
        return shown.getSQLState() == null ? message : "SQLSTATE " + shown.getSQLState() + ": " + message;
    }
}
