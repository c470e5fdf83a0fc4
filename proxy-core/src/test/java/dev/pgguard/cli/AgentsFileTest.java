package dev.pgguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.config.TableScopeConfig;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents file as pgguard agent edits it: what it writes loads back through {@link ConfigLoader} as the same
 * agents, whatever YAML would make of the text written plainly; entries written by hand survive as they were. The
 * approvers file is the same {@link ManagedEntries} under its own key.
 */
class AgentsFileTest {

    static final String VERIFIER = ScramVerifier.generate("pencil", 4096).format();

    @TempDir
    Path dir;

    @Test
    void whatItWritesLoadsBackAsTheSameAgents() throws Exception {
        AgentConfig scoped = new AgentConfig("ci.reader-1", VERIFIER, AgentMode.READ_WRITE, List.of("staging", "prod"),
                Map.of("drop", "deny", "truncate", "hold"),
                new TableScopeConfig(List.of("public.*"), List.of("public.secrets"), List.of("public.orders"),
                        List.of("public.secrets")));
        // names YAML would read as a boolean, an octal number, a float, null: they must stay strings
        List<AgentConfig> agents = List.of(scoped, plain("on"), plain("010"), plain("1e3"), plain("null"), plain("no"));
        ManagedEntries file = agentsFile("");
        agents.forEach(a -> file.add(AgentEntry.of(a)));
        Files.writeString(dir.resolve("agents.yaml"), file.text());
        Path config = Files.writeString(dir.resolve("pgguard.yaml"), """
                environments:
                  prod: { upstream: { host: prod-db, user: guard, database: app } }
                  staging: { upstream: { host: staging-db, user: guard, database: app } }
                agents:
                  - { name: by-hand, password: '%s', environments: [prod] }
                """.formatted(VERIFIER));
        List<AgentConfig> loaded = ConfigLoader.load(config, Map.of()).agents();
        assertEquals("by-hand", loaded.get(0).name());
        assertEquals(agents, loaded.subList(1, loaded.size()));
        assertTrue(file.text().startsWith(ManagedFile.AGENTS.header()), file.text());
    }

    @Test
    void entriesWrittenByHandAreKeptAsTheyWereAndARemovalTakesOnlyItsEntry() throws Exception {
        String byHand = """
                # my agents
                agents:
                  - {name: '010', password: '%s', mode: read-write}
                  - name: gone
                    password: '%s'
                  - name: kept
                    password: '%s'
                    tables: {read: {deny: ['public.secrets']}}
                """.formatted(VERIFIER, VERIFIER, VERIFIER);
        ManagedEntries file = agentsFile(byHand);
        assertEquals(List.of("010", "gone", "kept"), file.names());

        assertTrue(file.remove("gone"));
        assertFalse(file.remove("gone"), "already removed");
        String text = file.text();
        assertTrue(text.contains("- {name: '010', password: '" + VERIFIER + "', mode: read-write}"), text);
        assertTrue(text.contains("tables: {read: {deny: ['public.secrets']}}"), text);
        assertFalse(text.contains("# my agents"), "comments are not kept, as the header says");

        Files.writeString(dir.resolve("agents.yaml"), text);
        PgGuardConfig loaded = ConfigLoader.withoutFile(dir, Map.of());
        assertEquals(List.of("010", "kept"), loaded.agents().stream().map(AgentConfig::name).toList());
        assertEquals(AgentMode.READ_WRITE, loaded.agents().get(0).mode());
        assertEquals(List.of("public.secrets"), loaded.agents().get(1).tables().readDeny());
    }

    @Test
    void theLastAgentRemovedLeavesAnEmptyListThatLoads() throws Exception {
        ManagedEntries file = agentsFile("agents:\n  - { name: solo, password: '" + VERIFIER + "' }\n");
        file.remove("solo");
        Files.writeString(dir.resolve("agents.yaml"), file.text());
        assertEquals(List.of(), ConfigLoader.withoutFile(dir, Map.of()).agents());
    }

    @Test
    void aMissingOrEmptyFileHasNoAgentsYetAndAnEmptyAgentsKeyIsFilledIn() throws IOException {
        assertEquals(List.of(), ManagedEntries.read(ManagedFile.AGENTS, dir.resolve("agents.yaml")).names());
        ManagedEntries empty = agentsFile("agents:\n");
        empty.add(AgentEntry.of(plain("first")));
        assertEquals(List.of("first"), empty.names());
    }

    @Test
    void somethingElseIsNotTakenForAnAgentsFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagedEntries.parse(ManagedFile.AGENTS, "agents: { name: x }\n", "/etc/pgguard/agents.yaml"));
        assertTrue(e.getMessage().startsWith("/etc/pgguard/agents.yaml is not an agents file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> agentsFile("- just a list\n"));
        assertThrows(IllegalArgumentException.class, () -> agentsFile("agents: [ {\n"));
    }

    @Test
    void theApproversFileIsTheSameTreeUnderItsOwnKey() {
        ManagedEntries file = ManagedEntries.parse(ManagedFile.APPROVERS, "approvers:\n", "approvers.yaml");
        file.add(ApproverEntry.of("010", "0".repeat(64), Optional.of("010.totp")));
        assertEquals(List.of("010"), file.names());
        assertEquals(Optional.of("010.totp"), file.value("010", ApproverEntry.TOTP_SECRET_FILE));
        assertTrue(file.text().startsWith("# Managed by pgguard approver add/remove; edits by hand are kept but "
                + "comments are not\napprovers:\n"), file.text());
        assertTrue(file.text().contains("token_sha256: '" + "0".repeat(64) + "'"), "a string, not a number");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagedEntries.parse(ManagedFile.APPROVERS, "approvers: 1\n", "approvers.yaml"));
        assertEquals("approvers.yaml is not an approvers file (approvers: followed by a list of approvers); run "
                + "pgguard config check to see what is wrong with it", e.getMessage());
    }

    private static ManagedEntries agentsFile(String yaml) {
        return ManagedEntries.parse(ManagedFile.AGENTS, yaml, "agents.yaml");
    }

    private static AgentConfig plain(String name) {
        return new AgentConfig(name, VERIFIER, AgentMode.READ_ONLY).withEnvironments(List.of("prod"));
    }
}
