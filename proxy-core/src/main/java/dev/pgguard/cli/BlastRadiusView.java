package dev.pgguard.cli;

import java.util.List;

/**
 * What a held statement would touch, as the admin API describes it (approval-gate/README.md, "BlastRadius").
 * Figures are estimates and may be missing (null).
 *
 * @param status {@code pending} (still measuring), {@code ok}, {@code timeout} or {@code error}
 */
record BlastRadiusView(String status, Long elapsedMs, List<Table> tables, List<Cascade> cascade,
                       Long databaseBytes, List<String> notes) {

    /** @param rowsAffected EXPLAIN's estimate for DELETE/UPDATE, else null */
    record Table(String name, Long rows, Long bytes, Long rowsAffected) {
    }

    /** An object that goes with the statement's target (a view, a foreign key, ...). */
    record Cascade(String kind, String name) {
    }

    boolean measuring() {
        return "pending".equals(status);
    }
}
