package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.parse;
import static dev.pgguard.config.TestYaml.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code audit.table}: an upstream-shaped connection plus the table's name and batch size. */
class AuditTableConfigTest {

    private static final String SECRET = "audit-pw-7f3k";

    @Test
    void absentMeansNoTable() throws ConfigException {
        assertEquals(Optional.empty(), parse("audit: { fsync: always }").audit().table());
    }

    @Test
    void aFullTableSectionBinds() throws ConfigException {
        AuditConfig.Table table = parse("""
                audit:
                  table:
                    host: audit-db
                    port: 5433
                    database: audit
                    user: pgguard_audit
                    password: ${AUDIT_PW}
                    sslmode: require
                    connect_timeout: 3s
                    name: audit.pgguard_log
                    batch_size: 500
                """, Map.of("AUDIT_PW", SECRET)).audit().table().orElseThrow();
        assertEquals(new AuditConfig.Table("audit.pgguard_log", 500, new UpstreamConfig("audit-db", 5433,
                Optional.of("audit"), "pgguard_audit", Optional.of(Secret.of(SECRET)), SslMode.REQUIRE,
                Optional.empty(), Duration.ofSeconds(3))), table);
    }

    @Test
    void nameAndBatchSizeHaveDefaults() throws ConfigException {
        AuditConfig.Table table = parse("audit: { table: { host: h, database: audit, user: u } }")
                .audit().table().orElseThrow();
        assertEquals("pgguard_audit", table.name());
        assertEquals(1000, table.batchSize());
        assertEquals(5432, table.connection().port());
    }

    @Test
    void theDatabaseIsRequired() {
        assertEquals(List.of(new ConfigProblem("audit.table.database", 2,
                        "is required: the database the audit table is in")),
                problems("audit:\n  table:\n    host: h\n    user: u\n"));
    }

    @Test
    void aTableNameMustBeAPlainLowercaseIdentifier() {
        for (String bad : List.of("Audit", "1audit", "a.b.c", "audit log", "\"audit\"", "a;drop table x", "x".repeat(64))) {
            assertEquals(List.of(new ConfigProblem("audit.table.name", 3, "must be a table name or schema.table, "
                            + "each 1 to 63 characters of a-z, 0-9 and _, not starting with a digit; got '" + bad + "'")),
                    problems("audit:\n  table:\n    name: '" + bad.replace("'", "''")
                            + "'\n    host: h\n    database: d\n    user: u\n"), bad);
        }
    }

    @Test
    void unknownKeysAreRefused() {
        assertEquals(List.of(new ConfigProblem("audit.table.table", 6, "unknown key 'table' (known: host, port, "
                        + "database, user, password, password_file, sslmode, sslrootcert, connect_timeout, name, "
                        + "batch_size)")),
                problems("audit:\n  table:\n    host: h\n    database: d\n    user: u\n    table: x\n"));
    }

    @Test
    void thePasswordIsMaskedInTheDescription() throws ConfigException {
        PgGuardConfig config = parse("audit: { table: { host: h, database: audit, user: u, password: '${PW}' } }",
                Map.of("PW", SECRET));
        String described = config.describe();
        assertTrue(described.contains("""
                  redact_literals: false
                  table:
                    name: pgguard_audit
                    batch_size: 1000
                    host: h
                    port: 5432
                    database: audit
                    user: u
                    password: ****
                    sslmode: prefer
                    connect_timeout: 5s
                classifier:
                """), described);
        assertFalse(described.contains(SECRET));
        assertFalse(config.toString().contains(SECRET));
    }
}
