package dev.pgguard.approval.blast;

/**
 * One relation a held message touches.
 *
 * @param name         schema-qualified, quoted where PostgreSQL would quote it ({@code public.users})
 * @param rows         the planner's row count from {@code pg_class.reltuples}, or counted when a small table has
 *                     never been analysed; null for a larger one never analysed, or for a relation that holds no
 *                     rows of its own (a view)
 * @param bytes        {@code pg_total_relation_size}: data, indexes and TOAST; null for a view
 * @param rowsAffected EXPLAIN's estimate of the rows a DELETE, UPDATE or MERGE would change, else null
 */
public record TableImpact(String name, Long rows, Long bytes, Long rowsAffected) {

    TableImpact withRows(Long counted) {
        return new TableImpact(name, counted, bytes, rowsAffected);
    }

    TableImpact withRowsAffected(Long estimate) {
        return new TableImpact(name, rows, bytes, estimate);
    }
}
