package dev.pgguard.approval.blast;

import dev.pgguard.approval.blast.CatalogQueries.Relation;
import dev.pgguard.approval.control.ControlPools;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.StatementKind;
import dev.pgguard.classifier.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One measurement of one held message, on one control connection, in one READ ONLY transaction that is
 * always rolled back. Statement by statement: the figures of the tables it writes; for a DELETE, UPDATE or
 * MERGE the planner's row estimate; for a DROP or TRUNCATE ... CASCADE what goes with it; for DROP DATABASE
 * and DROP SCHEMA what is in them. What cannot be worked out becomes a note; only a failing connection or
 * catalogue query fails the measurement.
 */
final class Measurement {

    /** At most this many cascaded objects and schema tables are listed. */
    static final int CAP = 50;

    /** A never-analysed table up to this size is counted: a few milliseconds, within any sane budget. */
    static final long COUNT_MAX_BYTES = 8L << 20;

    private static final Set<String> PLANNED_VERBS = Set.of("delete", "update", "merge", "with");
    /**
     * A statement is EXPLAINed only if every rule that fired on it is one of these. Planning can evaluate
     * functions, so a statement flagged for anything else (a dangerous function, opaque code, one pgguard could
     * not analyse) is not planned on pgguard's connection — nor one flagged by a rule added later.
     */
    private static final Set<String> PLANNABLE_RULES = Set.of("delete-without-where", "update-without-where",
            "tautological-where", "merge-delete");
    private static final Set<String> RELATION_DROPS = Set.of("table", "view", "materialized view",
            "foreign table", "index", "sequence");

    private final Connection conn;
    private final CatalogQueries catalog;
    private final Budget budget;
    private final Findings findings = new Findings(CAP);

    private Measurement(Connection conn, Budget budget) {
        this.conn = conn;
        this.catalog = new CatalogQueries(conn);
        this.budget = budget;
    }

    /** Measures {@code statements}; throws only for a failed connection or catalogue query, or a timeout. */
    static BlastRadius run(Connection conn, List<ClassifiedStatement> statements, Budget budget)
            throws SQLException {
        return new Measurement(conn, budget).run(statements);
    }

    private BlastRadius run(List<ClassifiedStatement> statements) throws SQLException {
        conn.setAutoCommit(false);
        conn.setReadOnly(true);
        try {
            begin();
            for (ClassifiedStatement s : statements) {
                budget.check();
                measure(s);
            }
            return findings.ok(budget.elapsedMillis());
        } finally {
            rollbackQuietly();
        }
    }

    /**
     * pgjdbc opens the transaction READ ONLY (setReadOnly above); setting it again here makes that hold
     * whatever the driver's readOnlyMode. The statement timeout is SET LOCAL, written as set_config so that
     * the value is a bind parameter: every query of the transaction ends by the time the caller is answered.
     */
    private void begin() throws SQLException {
        ControlPools.beginReadOnly(conn, budget.remainingMillis());
    }

    private void measure(ClassifiedStatement s) throws SQLException {
        if (hasRule(s, "unanalysable")) {
            findings.note("no figures for a statement pgguard could not analyse");
            return;
        }
        if (s.kind() == StatementKind.OPAQUE_CODE) {
            findings.note("no figures for code pgguard cannot see into (DO, CALL)");
            return;
        }
        StatementShape shape = StatementShape.of(s.sql());
        String verb = shape == null ? "" : shape.verb();
        // what a CREATE names does not exist yet: nothing to measure, and no "does not exist" note
        Map<TableRef, Relation> relations = verb.equals("create") ? Map.of() : relations(s.writes());
        if (shape == null) {
            return;
        }
        if (PLANNED_VERBS.contains(verb) && s.kind() == StatementKind.WRITE) {
            rowsAffected(s, shape, relations);
        }
        String dropped = shape.dropTarget();
        if (RELATION_DROPS.contains(dropped)) {
            dropCascade(shape, relations);
        } else if (dropped.equals("database")) {
            databases(shape.droppedNames());
        } else if (dropped.equals("schema")) {
            schemas(shape.droppedNames());
        } else if (!dropped.isEmpty()) {
            findings.note("no figures for DROP " + dropped.toUpperCase(Locale.ROOT));
        }
        if (verb.equals("truncate") && shape.cascades()) {
            truncateCascade(relations);
        }
    }

    /** The figures of each written table; the ones found, by the name the statement used. */
    private Map<TableRef, Relation> relations(List<TableRef> writes) throws SQLException {
        Map<TableRef, Relation> found = new LinkedHashMap<>();
        for (TableRef ref : writes) {
            budget.check();
            var relation = catalog.relation(ref);
            if (relation.isEmpty()) {
                findings.note(ref + " does not exist, or pgguard's control user cannot see it");
                continue;
            }
            Relation r = relation.get();
            found.put(ref, r);
            TableImpact impact = r.impact();
            if (!r.holdsRows() || impact.rows() != null) {
                findings.table(impact);
            } else if (impact.bytes() != null && impact.bytes() <= COUNT_MAX_BYTES) {
                // the planner's guess for a never-analysed table is a made-up figure ("~2.6k" for 3 rows)
                budget.check();
                findings.counted(impact.withRows(catalog.count(impact)));
            } else {
                findings.table(impact);
                findings.note("no row count for " + impact.name() + ": it has never been analysed");
            }
        }
        return found;
    }

    private void rowsAffected(ClassifiedStatement s, StatementShape shape, Map<TableRef, Relation> relations)
            throws SQLException {
        for (RuleHit hit : s.rules()) {
            if (!PLANNABLE_RULES.contains(hit.rule().id())) {
                findings.note("no row estimate for a statement flagged " + hit.rule().id());
                return;
            }
        }
        if (shape.hasParameters()) {
            findings.note("no estimate for a statement with bind parameters");
            return;
        }
        if (s.writes().size() != 1) {
            findings.note("no row estimate for a statement that writes several tables");
            return;
        }
        Relation target = relations.get(s.writes().get(0));
        if (target == null) {
            return; // noted as missing already; EXPLAIN could only fail
        }
        budget.check();
        PlanEstimate.Result estimate = PlanEstimate.estimate(conn, s.sql());
        if (estimate.rows() != null) {
            findings.rowsAffected(target.impact().name(), estimate.rows());
        } else {
            findings.note("no row estimate for " + target.impact().name() + ": " + estimate.problem());
        }
    }

    /**
     * A DROP of relations: with CASCADE, what goes along; without, PostgreSQL refuses while anything depends
     * on them, so nothing else goes, but the approver learns why the DROP will fail.
     */
    private void dropCascade(StatementShape shape, Map<TableRef, Relation> relations) throws SQLException {
        if (relations.isEmpty()) {
            return;
        }
        budget.check();
        List<CascadeObject> dependents = catalog.dependents(oids(relations), CAP + 1);
        if (dependents.isEmpty()) {
            return;
        }
        if (!shape.cascades()) {
            CascadeObject first = dependents.get(0);
            findings.note("without CASCADE PostgreSQL refuses this DROP: other objects depend on it, such as "
                    + first.kind() + " " + first.name());
            return;
        }
        dependents.forEach(findings::cascade);
    }

    private void truncateCascade(Map<TableRef, Relation> relations) throws SQLException {
        if (relations.isEmpty()) {
            return;
        }
        budget.check();
        for (String table : catalog.referencingTables(oids(relations), CAP + 1)) {
            findings.cascade(new CascadeObject("table", table));
        }
    }

    private void databases(List<String> names) throws SQLException {
        if (names.isEmpty()) {
            findings.note("no figures: pgguard could not read which database is dropped");
        }
        for (String name : names) {
            budget.check();
            var bytes = catalog.databaseBytes(name);
            if (bytes.isPresent()) {
                findings.databaseBytes(bytes.get());
            } else {
                findings.note("database " + name + " does not exist");
            }
        }
    }

    private void schemas(List<String> names) throws SQLException {
        if (names.isEmpty()) {
            findings.note("no figures: pgguard could not read which schema is dropped");
        }
        for (String name : names) {
            budget.check();
            if (!catalog.schemaExists(name)) {
                findings.note("schema " + name + " does not exist, or pgguard's control user cannot see it");
                continue;
            }
            List<Relation> tables = catalog.schemaTables(name, CAP + 1);
            for (Relation r : tables.subList(0, Math.min(CAP, tables.size()))) {
                findings.table(r.impact());
            }
            if (tables.size() > CAP) {
                findings.note("schema " + name + " has more than " + CAP + " tables: the " + CAP
                        + " largest are listed");
            }
        }
    }

    private static List<Long> oids(Map<TableRef, Relation> relations) {
        return relations.values().stream().map(Relation::oid).toList();
    }

    private static boolean hasRule(ClassifiedStatement s, String id) {
        return s.rules().stream().anyMatch(hit -> hit.rule().id().equals(id));
    }

    /** Ends the transaction; a connection too broken to roll back is one Hikari will discard anyway. */
    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // nothing was written: there is nothing to undo, only a connection to give back
        }
    }
}
