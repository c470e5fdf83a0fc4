package dev.pgguard.cli;

import static dev.pgguard.cli.AgentsFileTest.VERIFIER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.TableScopeConfig;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pgguard agent add | list | revoke}: what they write, what they print, and what they exit with. */
class AgentCommandsTest {

    private static final Pattern URL =
            Pattern.compile("DATABASE_URL=postgresql://([^:]+):([^@]+)@127\\.0\\.0\\.1:7000/app\n");

    @TempDir
    Path dir;

    private Path config;
    private Path agentsFile;

    @BeforeEach
    void configWithOneAgentOfItsOwn() throws IOException {
        config = Files.writeString(dir.resolve("pgguard.yaml"), """
                listen: { host: 127.0.0.1, port: 7000 }
                upstream: { host: db, user: guard, database: app }
                agents:
                  - { name: by-hand, password: '%s' }
                """.formatted(VERIFIER));
        agentsFile = dir.resolve("agents.yaml");
    }

    @Test
    void addPrintsTheReadyUrlOnceAndStoresOnlyTheVerifier() throws Exception {
        CliRun r = agent("add", "ci");

        assertEquals(0, r.exitCode(), r::describe);
        Matcher url = URL.matcher(r.out());
        assertTrue(url.matches(), "standard output is the DATABASE_URL line alone:\n" + r.out());
        assertEquals("ci", url.group(1));
        String password = url.group(2);
        assertTrue(r.err().contains("shown only now") && r.err().contains("within a second"), r::describe);
        assertTrue(r.err().contains("added to " + agentsFile), r::describe);

        String stored = Files.readString(agentsFile);
        assertFalse(stored.contains(password), "the password itself is never stored");
        AgentConfig ci = loadedAgent("ci");
        ScramVerifier verifier = ScramVerifier.parse(ci.passwordVerifier());
        assertEquals(verifier, ScramVerifier.generate(password, verifier.salt(), verifier.iterations()),
                "the stored verifier is the printed password's");
        assertEquals(AgentMode.READ_ONLY, ci.mode(), "read-only unless asked");
        assertEquals(TableScopeConfig.UNSCOPED, ci.tables());
    }

    @Test
    void modeAndTableOptionsBecomeTheEntrysModeAndScope() throws Exception {
        CliRun r = agent("add", "writer", "--mode", "read-write", "--tables", "public.orders,public.items",
                "--read-tables", "public.*", "--write-tables", "audit.log", "--deny-tables", "public.secrets");

        assertEquals(0, r.exitCode(), r::describe);
        AgentConfig writer = loadedAgent("writer");
        assertEquals(AgentMode.READ_WRITE, writer.mode());
        assertEquals(new TableScopeConfig(List.of("public.orders", "public.items", "public.*"),
                List.of("public.secrets"), List.of("public.orders", "public.items", "audit.log"),
                List.of("public.secrets")), writer.tables());
    }

    @Test
    void aNameThatIsTakenIsRefused() throws Exception {
        assertEquals(0, agent("add", "ci").exitCode());
        byte[] before = Files.readAllBytes(agentsFile);

        CliRun again = agent("add", "ci");
        assertEquals(AgentCommand.REFUSED, again.exitCode(), again::describe);
        assertTrue(again.err().contains("run pgguard agent revoke ci first"), again::describe);
        assertEquals("", again.out(), "no URL for an agent that was not added");

        CliRun configs = agent("add", "by-hand");
        assertEquals(AgentCommand.REFUSED, configs.exitCode(), configs::describe);
        assertTrue(configs.err().contains(config + " defines it") && configs.err().contains("Choose another name"),
                configs::describe);
        assertArrayEquals(before, Files.readAllBytes(agentsFile));
    }

    @Test
    void anAgentTheConfigWouldNotLoadWithIsNotWrittenAndTheFileStaysByteForByte() throws Exception {
        assertEquals(0, agent("add", "ci").exitCode());
        byte[] before = Files.readAllBytes(agentsFile);

        CliRun r = agent("add", "other", "--env", "prod");

        assertEquals(ExitCodes.CONFIG, r.exitCode(), r::describe);
        assertTrue(r.err().contains("agent 'other' was not added, and nothing was written")
                && r.err().contains("invalid configuration in " + agentsFile)
                && r.err().contains("names 'prod', but the config has no environments section"), r::describe);
        assertEquals("", r.out());
        assertArrayEquals(before, Files.readAllBytes(agentsFile));
    }

    @Test
    void aConfigThatDoesNotLoadIsReportedAndNothingIsWritten() throws Exception {
        Files.writeString(config, "listen: { port: 70000 }\n");

        CliRun r = agent("add", "ci");

        assertEquals(ExitCodes.CONFIG, r.exitCode(), r::describe);
        assertTrue(r.err().contains("listen.port (line 1)"), r::describe);
        assertFalse(Files.exists(agentsFile));
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        CliRun name = agent("add", "Robert'); DROP");
        assertEquals(ExitCodes.USAGE, name.exitCode(), name::describe);
        assertTrue(name.err().contains("invalid agent name 'Robert'); DROP': use 1 to 63 characters"), name::describe);

        CliRun mode = agent("add", "ci", "--mode", "write");
        assertEquals(ExitCodes.USAGE, mode.exitCode(), mode::describe);
        assertTrue(mode.err().contains("--mode': must be read-only or read-write, got 'write'"), mode::describe);

        Files.writeString(config, """
                environments:
                  prod: { upstream: { host: prod-db, user: guard, database: app } }
                  staging: { upstream: { host: staging-db, user: guard, database: app } }
                """);
        CliRun env = agent("add", "ci");
        assertEquals(ExitCodes.USAGE, env.exitCode(), env::describe);
        assertTrue(env.err().contains("--env is required: the config has several environments (prod, staging)"),
                env::describe);
        assertFalse(Files.exists(agentsFile));
    }

    @Test
    void listShowsWhereEachAgentIsDefinedAndNeverAVerifier() throws Exception {
        agent("add", "ci", "--tables", "public.*", "--deny-tables", "public.secrets");

        CliRun r = agent("list");

        assertEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.lines();
        assertEquals(List.of("NAME", "MODE", "ENVIRONMENTS", "TABLES", "DEFINED IN"),
                List.of(lines.get(0).split("\\s{2,}")));
        assertEquals(List.of("by-hand", "read-only", "all", "any table", config.toString()),
                List.of(lines.get(1).split("\\s{2,}")));
        assertEquals(List.of("ci", "read-only", "all", "read public.* except public.secrets; write public.* except "
                + "public.secrets", agentsFile.toString()), List.of(lines.get(2).split("\\s{2,}")));
        assertFalse(r.out().contains("SCRAM"), r.out());

        CliRun json = agent("list", "--json");
        assertEquals(0, json.exitCode(), json::describe);
        assertTrue(json.out().startsWith("{\"agents\":[{\"name\":\"by-hand\",\"mode\":\"read-only\","
                + "\"environments\":[],\"rules\":{},\"tables\":{\"read\":{\"allow\":[],\"deny\":[]},"
                + "\"write\":{\"allow\":[],\"deny\":[]}},\"defined_in\":\"" + config + "\"},"), json.out());
        assertFalse(json.out().contains("SCRAM"), json.out());
    }

    @Test
    void revokeRemovesAnAddedAgentOnly() throws Exception {
        agent("add", "ci");
        agent("add", "other");

        CliRun r = agent("revoke", "ci");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.err().contains("agent 'ci' revoked: removed from " + agentsFile), r::describe);
        assertEquals(List.of("by-hand", "other"), ConfigLoader.load(config, Map.of()).agents().stream()
                .map(AgentConfig::name).toList());

        CliRun gone = agent("revoke", "ci");
        assertEquals(AgentCommand.REFUSED, gone.exitCode(), gone::describe);
        assertTrue(gone.err().contains("no agent 'ci' (pgguard agent list shows them)"), gone::describe);

        CliRun configs = agent("revoke", "by-hand");
        assertEquals(AgentCommand.REFUSED, configs.exitCode(), configs::describe);
        assertTrue(configs.err().contains("is defined in " + config + ", not by pgguard agent add: delete its entry "
                + "there"), configs::describe);
    }

    @Test
    void withoutAConfigFileTheAgentsFileIsInPgguardsHomeDirectory() throws Exception {
        Path home = dir.resolve("home");
        CliRun r = CliRun.run("", inHome(home), "agent", "add", "solo");

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.out().matches("DATABASE_URL=postgresql://solo:[^@]+@127\\.0\\.0\\.1:6432/postgres\n"), r.out());
        Path file = home.resolve(".pgguard/agents.yaml");
        assertEquals(List.of("solo"), ManagedEntries.read(ManagedFile.AGENTS, file).names());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())),
                "~/.pgguard is created owner-only");

        CliRun list = CliRun.run("", inHome(home), "agent", "list");
        assertEquals(List.of("solo", "read-only", "all", "any table", file.toString()),
                List.of(list.lines().get(1).split("\\s{2,}")), list::describe);
    }

    private CliRun agent(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "agent";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = config.toString();
        return CliRun.run("", all);
    }

    private AgentConfig loadedAgent(String name) throws Exception {
        return ConfigLoader.load(config, Map.of()).agents().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** The agent commands with {@code home} as the user's home directory. */
    private static Consumer<CommandLine> inHome(Path home) {
        return cl -> {
            CommandLine agent = cl.getSubcommands().get("agent");
            ((AgentAddCommand) agent.getSubcommands().get("add").getCommand()).configFile.home = home;
            ((AgentListCommand) agent.getSubcommands().get("list").getCommand()).configFile.home = home;
            ((AgentRevokeCommand) agent.getSubcommands().get("revoke").getCommand()).configFile.home = home;
        };
    }
}
