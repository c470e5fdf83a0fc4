package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.PENCIL_VERIFIER;
import static dev.pgguard.config.TestYaml.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsNeverPrintTest {

    private static final String SECRET = "Tr0ub4dor&3";

    @Test
    void secretPrintsAsStarsAndComparesByValue() {
        assertEquals("****", Secret.of(SECRET).toString());
        assertEquals(SECRET, Secret.of(SECRET).reveal());
        assertEquals(Secret.of(SECRET), Secret.of(SECRET));
        assertEquals(Secret.of(SECRET).hashCode(), Secret.of(SECRET).hashCode());
        assertNotEquals(Secret.of(SECRET), Secret.of("other"));
    }

    @Test
    void describeShowsTheEffectiveConfigWithSecretsMasked() throws ConfigException {
        PgGuardConfig config = parse("""
                upstream: { host: db, user: app, password: "${PW}", database: app }
                agents: [{ name: ci, password: "%s" }]
                approvals: { token: "${TOKEN}" }
                """.formatted(PENCIL_VERIFIER), Map.of("PW", SECRET, "TOKEN", SECRET));
        String described = config.describe();
        assertEquals("""
                listen:
                  host: 127.0.0.1
                  port: 6432
                # tls: not configured, clients connect without TLS
                admin:
                  host: 127.0.0.1
                  port: 6433
                upstream:
                  host: db
                  port: 5432
                  database: app
                  user: app
                  password: ****
                  sslmode: prefer
                  connect_timeout: 5s
                agents:
                  - name: ci
                    password: SCRAM-SHA-256$4096:****
                    mode: read-only
                limits:
                  max_message_size: 1073741823B
                  max_statement_size: 16MB
                  startup_timeout: 30s
                  max_client_connections: 10000
                shutdown:
                  drain_period: 10s
                approvals:
                  timeout: 1m
                  timeout_in_transaction: 15s
                  late_approval_window: 10m
                  blast_radius_timeout: 2s
                  token: ****
                audit:
                  directory: ~/.pgguard/audit
                  rotate_size: 100MB
                  rotate_daily: true
                  fsync: durable-records
                  queue_capacity: 65536
                  on_failure: fail-closed
                  redact_literals: false
                classifier:
                  max_statement_length: 1048576
                  max_nesting_depth: 1000
                  cache_entries: 10000
                """, described);
        assertFalse(described.contains(SECRET));
        assertFalse(config.toString().contains(SECRET));
        assertFalse(config.toString().contains("WG5d8oPm"), "record toString hides the StoredKey");
    }

    @Test
    void describeOfDefaultsMentionsTheEmbeddedDatabase() {
        assertTrue(PgGuardConfig.defaults().describe().contains("# upstream: not configured, embedded PostgreSQL\n"));
        assertTrue(PgGuardConfig.defaults().describe().contains("agents: []\n"));
    }
}
