package dev.pgguard.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The audit table's SQL (README.md, "The audit table"): create it or check the shape of the one that is there,
 * read its last record, insert a batch. Each call borrows the pool's connection and gives it back.
 */
final class AuditTable {

    /** The columns and their types as {@code format_type} names them; {@code record} is derived from {@code line}. */
    private static final Map<String, String> SHAPE = shape();

    private final DataSource pool;
    private final String name;
    private final String quoted;

    /** @param name {@code name} or {@code schema.name}, already checked to be lowercase identifiers only */
    AuditTable(DataSource pool, String name) {
        this.pool = pool;
        this.name = name;
        this.quoted = '"' + name.replace(".", "\".\"") + '"';
    }

    private static Map<String, String> shape() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("seq", "bigint");
        m.put("time", "timestamp with time zone");
        m.put("event", "text");
        m.put(AuditFields.AGENT, "text");
        m.put(AuditFields.SESSION, "text");
        m.put(AuditFields.ENVIRONMENT, "text");
        m.put("line", "text");
        m.put("record", "jsonb");
        return m;
    }

    String name() {
        return name;
    }

    /**
     * The table's definition. {@code line} is the record's bytes exactly (the hash is over them); {@code record}
     * is for queries. jsonb cannot hold U+0000, so a {@code \u0000} escape reads as U+FFFD there; without that, one
     * such record would stop the shipping for good.
     */
    String ddl() {
        return "CREATE TABLE IF NOT EXISTS " + quoted + " (\n"
                + "  seq bigint PRIMARY KEY,\n"
                + "  time timestamptz NOT NULL,\n"
                + "  event text NOT NULL,\n"
                + "  agent text,\n"
                + "  session text,\n"
                + "  environment text,\n"
                + "  line text NOT NULL,\n"
                + "  record jsonb GENERATED ALWAYS AS (replace(line, '\\u0000', '\\ufffd')::jsonb) STORED\n"
                + ")";
    }

    /** Creates the table if it is not there; throws {@link ChainMismatchException} when it is there in another shape. */
    void prepare() throws SQLException, ChainMismatchException {
        try (Connection c = pool.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute(ddl());
            }
            List<String> wrong = new ArrayList<>(columnProblems(c));
            if (!seqIsUnique(c)) {
                wrong.add("seq is not its primary key (nor has a unique index of its own)");
            }
            c.commit();
            if (!wrong.isEmpty()) {
                throw new ChainMismatchException("audit table " + name + " exists with another shape: "
                        + String.join("; ", wrong) + ". Nothing is shipped to it. Name a new table in "
                        + "audit.table.name (pgguard creates it), or make this one:\n" + ddl());
            }
        }
    }

    private List<String> columnProblems(Connection c) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, format_type(atttypid, atttypmod) "
                + "FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, quoted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        SHAPE.forEach((column, type) -> {
            String actual = found.get(column);
            if (actual == null) {
                wrong.add("it has no column " + column + " (" + type + ")");
            } else if (!actual.equals(type)) {
                wrong.add("its column " + column + " is " + actual + ", not " + type);
            }
        });
        return wrong;
    }

    /** ON CONFLICT (seq) needs a unique index on exactly seq, without a predicate. */
    private boolean seqIsUnique(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_index i "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                + "WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indnatts = 1 AND i.indpred IS NULL "
                + "AND a.attname = 'seq')")) {
            ps.setString(1, quoted);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The table's last record (highest seq); null when it is empty. */
    AuditLine last() throws SQLException, ChainMismatchException {
        try (Connection c = pool.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, line FROM " + quoted + " ORDER BY seq DESC LIMIT 1")) {
            AuditLine last = null;
            if (rs.next()) {
                long seq = rs.getLong(1);
                try {
                    last = AuditLine.parse(rs.getString(2));
                } catch (AuditLineException e) {
                    throw new ChainMismatchException("audit table " + name + ": its highest row (seq " + seq
                            + ") is not an intact audit record (" + e.getMessage() + "), so the table cannot be "
                            + "continued. Nothing is shipped to it. Name a new table in audit.table.name.");
                }
                if (last.seq() != seq) {
                    throw new ChainMismatchException("audit table " + name + ": the row with seq " + seq
                            + " holds the record of seq " + last.seq() + ". Nothing is shipped to it. Name a new "
                            + "table in audit.table.name.");
                }
            }
            c.commit();
            return last;
        }
    }

    /** Inserts the records in one transaction; rows already there (a retried batch) are left as they are. */
    void insert(List<TableChain.Shipped> records) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + quoted
                     + " (seq, time, event, agent, session, environment, line) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     + "ON CONFLICT (seq) DO NOTHING")) {
            for (int i = 0; i < records.size(); i++) {
                AuditLine r = records.get(i).record();
                ps.setLong(1, r.seq());
                ps.setObject(2, OffsetDateTime.parse(r.time()));
                ps.setString(3, r.event());
                ps.setString(4, text(r.get(AuditFields.AGENT)));
                ps.setString(5, text(r.get(AuditFields.SESSION)));
                ps.setString(6, text(r.get(AuditFields.ENVIRONMENT)));
                ps.setString(7, records.get(i).line());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit(); // on failure the pool rolls back an uncommitted connection when it is given back
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
