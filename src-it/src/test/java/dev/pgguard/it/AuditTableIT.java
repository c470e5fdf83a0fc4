package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The audit log mirrored to a PostgreSQL table by a running pgguard ({@code audit.table}): what a session did
 * shows up in the table while pgguard runs, and after it stops the table holds every line of the files, byte for
 * byte, in chain order, {@code audit.closed} included.
 */
class AuditTableIT {

    private static final String AUDIT_DB = "pgguard_audit_it";

    @Test
    void theTableMirrorsTheFilesLineForLine() throws Exception {
        directly("DROP DATABASE IF EXISTS " + AUDIT_DB, "CREATE DATABASE " + AUDIT_DB);
        UpstreamPostgres pg = UpstreamPostgres.get();
        try (Connection c = pg.connectDirectTo(AUDIT_DB); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA audit"); // the sink creates its table, not schemas
        }
        PgGuardExtension pgguard = PgGuardExtension.builder()
                .auditTable("{ host: " + pg.host() + ", port: " + pg.port() + ", database: " + AUDIT_DB + ", user: "
                        + pg.superUser() + (pg.superPassword() != null ? ", password: '${PG_PASSWORD}'" : "")
                        + ", sslmode: disable, name: audit.trail }")
                .build().start();
        try (Connection audit = pg.connectDirectTo(AUDIT_DB)) {
            try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT 'mirrored' AS marker").close();
            }
            String agent = awaitScalar(audit, "SELECT record->>'agent' FROM audit.trail "
                    + "WHERE event = 'statement.allowed' AND record->>'sql' = 'SELECT ''mirrored'' AS marker'");
            assertEquals(PgGuardExtension.AGENT, agent, "shipped while pgguard runs, and queryable as jsonb");
            pgguard.close();

            List<String> lines = fileLines(pgguard.auditDirectory());
            assertTrue(lines.get(lines.size() - 1).contains("\"event\":\"audit.closed\""), lines::toString);
            awaitScalar(audit, "SELECT 1 FROM audit.trail WHERE event = 'audit.closed'");
            List<String> rows = new ArrayList<>();
            try (Statement st = audit.createStatement();
                 ResultSet rs = st.executeQuery("SELECT line FROM audit.trail ORDER BY seq")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            assertEquals(lines, rows);
        } finally {
            pgguard.close();
        }
    }

    /** The audit files' lines in chain order (rotated files, then the live one). */
    private static List<String> fileLines(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** The first column of the first row of {@code sql}, once there is one (at most 20 s). */
    private static String awaitScalar(Connection c, String sql) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            } catch (java.sql.SQLException e) {
                if (!"42P01".equals(e.getSQLState()) && !"3F000".equals(e.getSQLState())) {
                    throw e; // the sink has not created the table yet: wait
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing in the audit table after 20 s: " + sql);
            }
            Thread.sleep(100);
        }
    }
}
