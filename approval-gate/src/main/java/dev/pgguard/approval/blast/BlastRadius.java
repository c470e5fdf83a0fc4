package dev.pgguard.approval.blast;

import java.util.List;
import java.util.Locale;

/**
 * What running a held message would touch, as shown to the approver (approval-gate/README.md, "BlastRadius").
 * Every figure is an estimate from the catalogue and the planner; nothing of the message was run.
 *
 * @param status        how the measurement went
 * @param elapsedMs     how long it took, from the request to the answer
 * @param tables        the tables (and other relations) the message writes, drops or empties
 * @param cascade       the objects a CASCADE would remove as well
 * @param databaseBytes the size of a database the message drops, else null
 * @param notes         what could not be worked out, and why; for ERROR and TIMEOUT, the reason
 */
public record BlastRadius(Status status, long elapsedMs, List<TableImpact> tables, List<CascadeObject> cascade,
                          Long databaseBytes, List<String> notes) {

    /** How a measurement went; {@link #id()} is the JSON value. */
    public enum Status {
        /** Still measuring: what a new hold shows until the figures arrive. */
        PENDING,
        OK,
        /** The time budget ran out (a lock, a slow catalogue, a busy pool); no figures. */
        TIMEOUT,
        /** The control connection failed; {@code notes} says how. No figures. */
        ERROR;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BlastRadius {
        tables = List.copyOf(tables);
        cascade = List.copyOf(cascade);
        notes = List.copyOf(notes);
    }

    public static BlastRadius pending() {
        return new BlastRadius(Status.PENDING, 0, List.of(), List.of(), null, List.of());
    }

    static BlastRadius timeout(long elapsedMs, String note) {
        return new BlastRadius(Status.TIMEOUT, elapsedMs, List.of(), List.of(), null, List.of(note));
    }

    static BlastRadius error(long elapsedMs, String note) {
        return new BlastRadius(Status.ERROR, elapsedMs, List.of(), List.of(), null, List.of(note));
    }
}
