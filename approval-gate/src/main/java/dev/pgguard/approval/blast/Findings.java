package dev.pgguard.approval.blast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The figures one measurement has gathered so far. A message may name a table in several statements: it is
 * listed once, with the largest row estimate of any of them. Used by one thread at a time.
 */
final class Findings {

    private final int cascadeCap;
    private final Map<String, TableImpact> tables = new LinkedHashMap<>();
    private final Set<CascadeObject> cascade = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();
    /** Tables whose rows were counted, not estimated. */
    private final Set<String> counted = new LinkedHashSet<>();
    private boolean cascadeCut;
    private Long databaseBytes;

    /** @param cascadeCap how many cascaded objects are listed, over all statements of the message */
    Findings(int cascadeCap) {
        this.cascadeCap = cascadeCap;
    }

    void table(TableImpact impact) {
        tables.putIfAbsent(impact.name(), impact);
    }

    /** A never-analysed table's exact row count. */
    void counted(TableImpact impact) {
        table(impact);
        counted.add(impact.name());
        note("rows of " + impact.name() + " counted: it has never been analysed");
    }

    /** The planner's guess, but never more than a counted table holds (it guesses for a never-analysed one). */
    void rowsAffected(String table, long estimate) {
        TableImpact known = tables.get(table);
        if (known != null && counted.contains(table)) {
            estimate = Math.min(estimate, known.rows());
        }
        if (known != null && (known.rowsAffected() == null || known.rowsAffected() < estimate)) {
            tables.put(table, known.withRowsAffected(estimate));
        }
    }

    void cascade(CascadeObject object) {
        if (cascade.size() < cascadeCap) {
            cascade.add(object);
        } else if (!cascade.contains(object)) {
            cascadeCut = true;
        }
    }

    /** Several DROP DATABASE statements in one message add up. */
    void databaseBytes(long bytes) {
        databaseBytes = databaseBytes == null ? bytes : databaseBytes + bytes;
    }

    void note(String note) {
        notes.add(note);
    }

    BlastRadius ok(long elapsedMs) {
        boolean estimatedRows = tables.values().stream().anyMatch(t -> t.rows() != null && !counted.contains(t.name()));
        Set<String> allNotes = new LinkedHashSet<>();
        if (estimatedRows) {
            allNotes.add("rows are estimates from pg_class statistics");
        }
        allNotes.addAll(notes);
        if (cascadeCut) {
            allNotes.add("more than " + cascadeCap + " objects would go with the CASCADE: the first "
                    + cascadeCap + " are listed");
        }
        return new BlastRadius(BlastRadius.Status.OK, elapsedMs, new ArrayList<>(tables.values()),
                new ArrayList<>(cascade), databaseBytes, new ArrayList<>(allNotes));
    }
}
