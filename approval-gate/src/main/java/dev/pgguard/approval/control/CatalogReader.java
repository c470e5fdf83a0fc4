package dev.pgguard.approval.control;

import dev.pgguard.classifier.FunctionRef;
import dev.pgguard.classifier.TableRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads from the catalog what lies behind relations (their rules' dependencies, their inheritance children) and
 * which function names schema public defines: two queries in one read-only transaction, each bounded by a
 * statement timeout, on a control connection.
 */
final class CatalogReader {

    /** The edges leaving relation {@code %1$s}: its rules' references and its inheritance children. */
    private static final String EDGES_FROM = """
            SELECT rw.ev_class, rw.ev_type::text, d.refclassid, d.refobjid
            FROM pg_catalog.pg_rewrite rw
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = rw.oid
            WHERE rw.ev_class = %1$s AND d.deptype = 'n'
            UNION ALL
            SELECT i.inhparent, 'i', 'pg_catalog.pg_class'::regclass, i.inhrelid
            FROM pg_catalog.pg_inherits i WHERE i.inhparent = %1$s""";

    /** The named relations that exist: pairs of schema and name, bound as two text arrays. */
    private static final String ROOTS = """
              FROM unnest(?::text[], ?::text[]) AS r(schema_name, rel_name)
              JOIN pg_catalog.pg_namespace n ON n.nspname = r.schema_name
              JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = r.rel_name""";

    /**
     * Every edge reachable from the named relations. A rule's references are pg_depend rows of the rule with
     * deptype 'n' (a view's own SELECT rule also depends on the view, internally: left out); inheritance comes
     * from pg_inherits. UNION (not UNION ALL) stops at edges already seen, so cycles end.
     */
    static final String BEHIND = """
            WITH RECURSIVE roots(oid) AS (
              SELECT c.oid
            %s
            ),
            edges(src, via, dst_class, dst) AS (
              SELECT e.* FROM roots r CROSS JOIN LATERAL (%s) e
              UNION
              SELECT e.* FROM edges p CROSS JOIN LATERAL (%s) e
              WHERE p.dst_class = 'pg_catalog.pg_class'::regclass
            )
            SELECT sn.nspname, s.relname, e.via, cn.nspname, c.relname, pn.nspname, p.proname
            FROM edges e
            JOIN pg_catalog.pg_class s ON s.oid = e.src
            JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
            LEFT JOIN pg_catalog.pg_class c ON e.dst_class = 'pg_catalog.pg_class'::regclass AND c.oid = e.dst
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_proc p ON e.dst_class = 'pg_catalog.pg_proc'::regclass AND p.oid = e.dst
            LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
            WHERE (c.oid IS NOT NULL AND e.dst <> e.src) OR p.oid IS NOT NULL""".formatted(
            ROOTS, EDGES_FROM.formatted("r.oid"), EDGES_FROM.formatted("p.dst"));

    static final String PUBLIC_FUNCTIONS = """
            SELECT DISTINCT p.proname
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND p.proname = ANY (?::text[])""";

    /** Which of {@code relations} exist, and what lies behind them. */
    record Answer(Set<TableRef> existing, RelationGraph graph, Set<String> publicFunctions) {
    }

    private CatalogReader() {
    }

    static Answer read(Connection conn, Collection<TableRef> relations, Collection<String> functions,
                       long timeoutMillis) throws SQLException {
        try {
            ControlPools.beginReadOnly(conn, timeoutMillis);
            RelationGraph graph = new RelationGraph();
            Set<TableRef> existing = relations.isEmpty() ? Set.of() : behind(conn, relations, graph);
            Set<String> publicFunctions = functions.isEmpty() ? Set.of() : publicFunctions(conn, functions);
            return new Answer(existing, graph, publicFunctions);
        } finally {
            conn.rollback();
        }
    }

    private static Set<TableRef> behind(Connection conn, Collection<TableRef> relations, RelationGraph graph)
            throws SQLException {
        String[] schemas = relations.stream().map(TableRef::schema).toArray(String[]::new);
        String[] names = relations.stream().map(TableRef::name).toArray(String[]::new);
        try (PreparedStatement ps = conn.prepareStatement(BEHIND)) {
            ps.setArray(1, conn.createArrayOf("text", schemas));
            ps.setArray(2, conn.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableRef from = new TableRef(rs.getString(1), rs.getString(2));
                    char via = rs.getString(3).charAt(0);
                    TableRef relation = rs.getString(5) == null ? null : new TableRef(rs.getString(4), rs.getString(5));
                    FunctionRef function = rs.getString(7) == null ? null
                            : new FunctionRef(rs.getString(6), rs.getString(7));
                    graph.add(new RelationGraph.Edge(from, via, relation, function));
                }
            }
        }
        return existing(conn, schemas, names);
    }

    private static Set<TableRef> existing(Connection conn, String[] schemas, String[] names) throws SQLException {
        Set<TableRef> found = new HashSet<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT n.nspname, c.relname\n" + ROOTS)) {
            ps.setArray(1, conn.createArrayOf("text", schemas));
            ps.setArray(2, conn.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new TableRef(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return found;
    }

    private static Set<String> publicFunctions(Connection conn, Collection<String> functions) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = conn.prepareStatement(PUBLIC_FUNCTIONS)) {
            Array names = conn.createArrayOf("text", functions.toArray(String[]::new));
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }
}
