package dev.pgguard.approval.blast;

import dev.pgguard.approval.control.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * The planner's estimate of the rows a DELETE, UPDATE or MERGE would change: {@code EXPLAIN (FORMAT JSON)} of
 * the statement's own text, never ANALYZE, so nothing is executed. Planning can still evaluate functions
 * (constant folding of immutable and stable calls); the caller's READ ONLY transaction and statement timeout
 * are what keep such a function from writing or running long.
 *
 * <p>The held statement may well fail to plan here (a table created earlier in the same message, a
 * privilege the control user lacks): that is a note, not a failed measurement, so EXPLAIN runs inside a
 * savepoint and a failure rolls back only that.
 */
final class PlanEstimate {

    /** The outcome: the estimate, or why there is none. */
    record Result(Long rows, String problem) {
    }

    /*
     * Since PostgreSQL 14 the ModifyTable node itself shows 0 rows unless there is RETURNING; the rows it
     * would change are those of its input, its first sub-plan. ModifyTable may also sit below the top (a
     * data-modifying WITH), hence the recursive search; strict mode keeps .** from visiting a node twice.
     * A plan without one falls back to the top node's row count.
     */
    private static final String ROWS = """
            SELECT coalesce(
                     jsonb_path_query_first(p, 'strict $.**?(@."Node Type" == "ModifyTable").Plans[0]."Plan Rows"'),
                     p #> '{0,Plan,Plan Rows}')::float8
              FROM (SELECT CAST(? AS jsonb) AS p) AS plan
            """;

    private PlanEstimate() {
    }

    /**
     * @param sql one statement (the caller checked), without bind parameters
     * @throws SQLException only when the statement timeout cancelled EXPLAIN, or the connection failed
     */
    static Result estimate(Connection conn, String sql) throws SQLException {
        Savepoint savepoint = conn.setSavepoint();
        try {
            String plan;
            try (Statement st = conn.createStatement()) {
                // the text goes to the server as the client wrote it: no JDBC {fn ...} escape rewriting
                st.setEscapeProcessing(false);
                // EXPLAIN takes no bind parameters; the text is one statement, checked by StatementShape
                try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
                    plan = rs.next() ? rs.getString(1) : null;
                }
            }
            Long rows = plan == null ? null : rowsOf(conn, plan);
            conn.releaseSavepoint(savepoint);
            return rows == null ? new Result(null, "the plan shows no row count") : new Result(rows, null);
        } catch (SQLException e) {
            if (SqlErrors.isTimeout(e)) {
                throw e;
            }
            conn.rollback(savepoint);
            return new Result(null, "EXPLAIN failed: " + SqlErrors.describe(e));
        }
    }

    private static Long rowsOf(Connection conn, String plan) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(ROWS)) {
            ps.setString(1, plan);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double rows = rs.getDouble(1);
                return rs.wasNull() ? null : Math.round(rows);
            }
        }
    }
}
