package dev.pgguard.approval.blast;

import dev.pgguard.classifier.TableRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue queries of a measurement, on the connection of its read-only transaction. Names are always
 * bound as parameters and quoted by the server ({@code quote_ident}), never spliced into the SQL; lists of
 * objects are capped by the caller's {@code limit}.
 */
final class CatalogQueries {

    /**
     * A relation found in the catalogue: its oid for the dependency queries, its figures for the approver.
     *
     * @param kind {@code pg_class.relkind}: {@code r} table, {@code p} partitioned table, {@code v} view, ...
     */
    record Relation(long oid, String kind, TableImpact impact) {

        /** A table or materialized view: what holds rows, so a missing row count means "never analysed". */
        boolean holdsRows() {
            return kind.equals("r") || kind.equals("p") || kind.equals("m");
        }
    }

    /*
     * Rows: reltuples is -1 until the first ANALYZE (PostgreSQL 14+), hence NULL; a partitioned table has no
     * rows of its own, so its leaves are added up (and the sum is NULL if any leaf was never analysed). Bytes:
     * data, indexes and TOAST, again over the leaves for a partitioned table; a view has none.
     * pg_total_relation_size takes an ACCESS SHARE lock, which is where a locked table makes the probe wait.
     */
    private static final String FIGURES = """
            SELECT c.oid, c.relkind, format('%I.%I', n.nspname, c.relname),
                   CASE WHEN c.relkind IN ('r', 'm') THEN nullif(c.reltuples, -1)::bigint
                        WHEN c.relkind = 'p' THEN
                             (SELECT CASE WHEN bool_and(l.reltuples >= 0) THEN sum(l.reltuples)::bigint END
                                FROM pg_partition_tree(c.oid) AS t JOIN pg_class AS l ON l.oid = t.relid
                               WHERE t.isleaf)
                   END,
                   CASE WHEN c.relkind IN ('v', 'c') THEN NULL
                        WHEN c.relkind IN ('p', 'I') THEN
                             (SELECT sum(pg_total_relation_size(t.relid))::bigint
                                FROM pg_partition_tree(c.oid) AS t WHERE t.isleaf)
                        ELSE pg_total_relation_size(c.oid)
                   END AS bytes
              FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            """;

    /** to_regclass resolves an unqualified name through the control connection's search_path. */
    private static final String RELATION = FIGURES
            + " WHERE c.oid = to_regclass(concat_ws('.', quote_ident(?), quote_ident(?)))";

    /** Partitions are counted in their parent, so only the top of each tree is listed. */
    private static final String SCHEMA_TABLES = FIGURES
            + " WHERE c.relnamespace = to_regnamespace(quote_ident(?)) AND c.relkind IN ('r', 'p', 'm')"
            + " AND NOT c.relispartition ORDER BY bytes DESC NULLS LAST, 3 LIMIT ?";

    private static final String SCHEMA_EXISTS = "SELECT to_regnamespace(quote_ident(?)) IS NOT NULL";

    private static final String DATABASE_BYTES =
            "SELECT pg_database_size(d.oid) FROM pg_database AS d WHERE d.datname = ?";

    /*
     * What DROP ... CASCADE removes along with the roots, following pg_depend as PostgreSQL's
     * findDependentObjects does, in short: an object with a normal ('n') or automatic ('a') dependency on a
     * removed object is removed too; an object that is an internal part ('i') of another stands for its owner
     * (a view's _RETURN rule is what depends on a table's columns: the view is what goes). A root's own parts
     * (its indexes, constraints, defaults, owned sequences, partitions: whatever has an automatic dependency
     * on a root itself) go with it whatever the statement says and are not listed, however else they are
     * reached; what they carry along is. UNION over a finite set of rows ends even if the graph has a cycle.
     */
    private static final String DEPENDENTS = """
            WITH RECURSIVE found(classid, objid, objsubid, root, part) AS (
                SELECT 'pg_class'::regclass::oid, r, 0, true, false FROM unnest(CAST(? AS oid[])) AS r
              UNION
                SELECT coalesce(o.refclassid, d.classid), coalesce(o.refobjid, d.objid),
                       CASE WHEN o.refobjid IS NULL THEN d.objsubid ELSE o.refobjsubid END,
                       false, f.root AND d.deptype = 'a' AND o.refobjid IS NULL
                  FROM found AS f
                  JOIN pg_depend AS d ON d.refclassid = f.classid AND d.refobjid = f.objid
                                     AND (f.objsubid = 0 OR d.refobjsubid = f.objsubid)
                  LEFT JOIN pg_depend AS o ON o.classid = d.classid AND o.objid = d.objid AND o.deptype = 'i'
                 WHERE d.deptype IN ('n', 'a')
            )
            SELECT (pg_identify_object(classid, objid, objsubid)).type AS kind,
                   (pg_identify_object(classid, objid, objsubid)).identity AS name
              FROM found
             GROUP BY classid, objid, objsubid
            HAVING NOT bool_or(root) AND NOT bool_or(part)
             ORDER BY kind, name
             LIMIT ?
            """;

    /** What TRUNCATE ... CASCADE empties as well: the tables whose foreign keys reference the roots. */
    private static final String REFERENCING_TABLES = """
            WITH RECURSIVE referencing(oid) AS (
                SELECT unnest(CAST(? AS oid[]))
              UNION
                SELECT c.conrelid FROM pg_constraint AS c JOIN referencing AS r ON c.confrelid = r.oid
                 WHERE c.contype = 'f' AND c.conparentid = 0
            )
            SELECT format('%I.%I', n.nspname, t.relname) AS name
              FROM referencing AS r JOIN pg_class AS t ON t.oid = r.oid JOIN pg_namespace AS n ON n.oid = t.relnamespace
             WHERE r.oid <> ALL (CAST(? AS oid[]))
             ORDER BY name
             LIMIT ?
            """;

    private final Connection conn;

    CatalogQueries(Connection conn) {
        this.conn = conn;
    }

    /** The relation a statement names, or empty when there is none by that name (or pgguard cannot see it). */
    Optional<Relation> relation(TableRef ref) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(RELATION)) {
            ps.setString(1, ref.schema());
            ps.setString(2, ref.name());
            return relations(ps).stream().findFirst();
        }
    }

    boolean schemaExists(String schema) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(SCHEMA_EXISTS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * The exact row count of a relation, by the name {@link #FIGURES} quoted ({@code format('%I.%I')}: the
     * server's own quoting, so it is safe in the query text). Bounded by the transaction's statement timeout.
     */
    long count(TableImpact table) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table.name())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The tables of a schema, largest first, at most {@code limit}. */
    List<Relation> schemaTables(String schema, int limit) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(SCHEMA_TABLES)) {
            ps.setString(1, schema);
            ps.setInt(2, limit);
            return relations(ps);
        }
    }

    /** The size of a database, or empty when there is none by that name. */
    Optional<Long> databaseBytes(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(DATABASE_BYTES)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The objects that DROP ... CASCADE of the relations {@code oids} would remove as well, at most {@code limit}. */
    List<CascadeObject> dependents(List<Long> oids, int limit) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(DEPENDENTS)) {
            ps.setArray(1, oidArray(oids));
            ps.setInt(2, limit);
            List<CascadeObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CascadeObject(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        }
    }

    /** The tables that TRUNCATE ... CASCADE of {@code oids} would empty as well, at most {@code limit}. */
    List<String> referencingTables(List<Long> oids, int limit) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(REFERENCING_TABLES)) {
            Array roots = oidArray(oids);
            ps.setArray(1, roots);
            ps.setArray(2, roots);
            ps.setInt(3, limit);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static List<Relation> relations(PreparedStatement ps) throws SQLException {
        List<Relation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Relation(rs.getLong(1), rs.getString(2),
                        new TableImpact(rs.getString(3), nullableLong(rs, 4), nullableLong(rs, 5), null)));
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** oid is unsigned 32-bit: bigint carries every value, and the server casts the array. */
    private Array oidArray(List<Long> oids) throws SQLException {
        return conn.createArrayOf("int8", oids.toArray(new Long[0]));
    }
}
