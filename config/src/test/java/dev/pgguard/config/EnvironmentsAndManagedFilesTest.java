package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.PENCIL_VERIFIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environments, agents' environments/rules/tables, approvers, and the agents and approvers files beside the config. */
class EnvironmentsAndManagedFilesTest {

    private static final String HASH = "a".repeat(64);

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void environmentsEachHaveTheirUpstreamAndRulesAndAgentsNameTheirs() throws Exception {
        Path config = write("pgguard.yaml", """
                environments:
                  prod:
                    upstream: { host: prod-db, user: guard, database: app, password: "${PROD_PW}" }
                    rules: { write: hold, drop: deny }
                  staging:
                    upstream: { host: staging-db, port: 5433, user: guard, database: app_staging }
                agents:
                  - name: ci
                    password: %s
                    mode: read-write
                    environments: [staging]
                    rules: { truncate: deny }
                    tables:
                      read: { deny: ["public.secrets"] }
                      write: { allow: ["public.orders", "public.order_*"] }
                """.formatted(PENCIL_VERIFIER));
        PgGuardConfig c = ConfigLoader.load(config, Map.of("PROD_PW", "s3cret"));
        assertEquals(List.of("prod", "staging"), c.environmentsInForce().stream().map(EnvironmentConfig::name).toList());
        EnvironmentConfig prod = c.environments().get(0);
        assertEquals(Map.of("write", "hold", "drop", "deny"), prod.rules());
        assertEquals(Optional.of("app"), prod.upstream().database());
        assertEquals(5433, c.environments().get(1).upstream().port());
        AgentConfig ci = c.agents().get(0);
        assertTrue(ci.reaches("staging"));
        assertFalse(ci.reaches("prod"));
        assertEquals(Map.of("truncate", "deny"), ci.rules());
        assertEquals(new TableScopeConfig(List.of(), List.of("public.secrets"), List.of("public.orders", "public.order_*"),
                List.of()), ci.tables());
        String described = c.describe();
        assertFalse(described.contains("s3cret"), described);
        assertTrue(described.contains("environments:\n  prod:\n    upstream:\n      host: prod-db"), described);
    }

    @Test
    void aSingleUpstreamIsTheDefaultEnvironmentAndAgentsNeedNotNameIt() throws Exception {
        PgGuardConfig c = ConfigLoader.parse("""
                upstream: { host: db, user: guard }
                agents:
                  - name: ci
                    password: %s
                """.formatted(PENCIL_VERIFIER), "t", Map.of());
        assertEquals(List.of(EnvironmentConfig.DEFAULT_NAME),
                c.environmentsInForce().stream().map(EnvironmentConfig::name).toList());
        assertTrue(c.agents().get(0).reaches(EnvironmentConfig.DEFAULT_NAME));
    }

    @Test
    void theAgentsAndApproversFilesBesideTheConfigAddTheirEntries() throws Exception {
        Path config = write("pgguard.yaml", """
                upstream: { host: db, user: guard }
                agents:
                  - name: by-hand
                    password: %s
                """.formatted(PENCIL_VERIFIER));
        write("agents.yaml", """
                agents:
                  - name: added
                    password: %s
                    mode: read-write
                """.formatted(PENCIL_VERIFIER));
        Path totp = write("alice.totp", "JBSWY3DPEHPK3PXP\n");
        Files.setPosixFilePermissions(totp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        write("approvers.yaml", """
                approvers:
                  - name: alice
                    token_sha256: %s
                    totp_secret_file: alice.totp
                """.formatted(HASH));
        PgGuardConfig c = ConfigLoader.load(config, Map.of());
        assertEquals(List.of("by-hand", "added"), c.agents().stream().map(AgentConfig::name).toList());
        assertEquals(AgentMode.READ_WRITE, c.agents().get(1).mode());
        assertEquals(Optional.of(dir.resolve("agents.yaml")), c.managedFiles().agents().map(Path::normalize));
        ApproverConfig alice = c.approvers().get(0);
        assertEquals(HASH, alice.tokenSha256());
        assertEquals(Secret.of("JBSWY3DPEHPK3PXP"), alice.totpSecret().orElseThrow());
    }

    @Test
    void aProblemInTheAgentsFileIsReportedAgainstThatFileAndANameInBothFilesIsOne() throws Exception {
        Path config = write("pgguard.yaml", """
                upstream: { host: db, user: guard }
                agents:
                  - name: ci
                    password: %s
                """.formatted(PENCIL_VERIFIER));
        Path agents = write("agents.yaml", """
                agents:
                  - name: ci
                    password: %s
                  - name: other
                    mode: sometimes
                """.formatted(PENCIL_VERIFIER));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(config, Map.of()));
        assertTrue(e.getMessage().startsWith("invalid configuration in " + agents + " "), e.getMessage());
        assertEquals(List.of(
                "agents (line 2): agent 'ci' is also defined in the config file: keep one of them",
                "agents[1].password (line 4): is required",
                "agents[1].mode (line 5): must be one of read-only, read-write, got 'sometimes'"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void serveWithoutAConfigFileReadsTheManagedFilesOfItsDirectory() throws Exception {
        write("agents.yaml", """
                agents:
                  - name: solo
                    password: %s
                """.formatted(PENCIL_VERIFIER));
        PgGuardConfig c = ConfigLoader.withoutFile(dir, Map.of());
        assertEquals(List.of("solo"), c.agents().stream().map(AgentConfig::name).toList());
        assertTrue(c.approvers().isEmpty());
    }
}
