package dev.pgguard.cli;

import static dev.pgguard.cli.ManagedFileCommands.tell;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.ConfigException;
import dev.pgguard.config.EnvironmentConfig;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.config.TableScopeConfig;
import dev.pgguard.proxy.auth.ScramVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code pgguard agent add NAME}: a new agent with a random password, of which pgguard keeps only the SCRAM
 * verifier; the password is shown once, inside the ready {@code DATABASE_URL}. That line alone goes to standard
 * output, so {@code pgguard agent add ci >> .env} works; what a human should know goes to standard error.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Create an agent with a new random password and print, once, the DATABASE_URL to give it.",
                "pgguard keeps only the password's SCRAM verifier, in the agents file beside the config file "
                        + "(or in ~/.pgguard without one). A running pgguard picks the agent up within a second.",
                "Only the DATABASE_URL line goes to standard output, so that it can be appended to an env file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:added; its DATABASE_URL printed", "1:an agent of that name exists",
                "64:usage error", "74:the agents file cannot be read or written",
                "78:configuration error: the configuration does not load, or would not with this agent "
                        + "(nothing was written)"})
final class AgentAddCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the user name it connects as: 1 to 63 characters of a-z, 0-9, "
            + "_, . and -, starting with a letter or digit")
    private String name;

    @Option(names = "--env", paramLabel = "ENV", description = "an environment it may connect to; repeat the option "
            + "for several (required when the config has several environments)")
    private List<String> environments = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "read-only", converter = ModeConverter.class,
            description = "read-only (the default: any statement that can write is refused) or read-write")
    private AgentMode mode;

    @Option(names = "--tables", split = ",", paramLabel = "PATTERN", description = "the tables it may read and "
            + "write, as schema.table patterns (* matches any run of characters); default: every table")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--read-tables", split = ",", paramLabel = "PATTERN", description = "tables it may read (in "
            + "addition to --tables)")
    private List<String> readTables = new ArrayList<>();

    @Option(names = "--write-tables", split = ",", paramLabel = "PATTERN", description = "tables it may write (in "
            + "addition to --tables)")
    private List<String> writeTables = new ArrayList<>();

    @Option(names = "--deny-tables", split = ",", paramLabel = "PATTERN", description = "tables it may neither read "
            + "nor write, whatever the other options allow")
    private List<String> denyTables = new ArrayList<>();

    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() throws ConfigException {
        String password = Passwords.random();
        AgentConfig agent = agent(ScramVerifier.generate(password, ScramVerifier.DEFAULT_ITERATIONS).format());
        try (ManagedStore store = ManagedStore.edit(configFile, ManagedFile.AGENTS)) {
            if (store.defines(name)) {
                return exists(store);
            }
            requireEnvironments(store.config());
            store.entries().add(AgentEntry.of(agent));
            store.save();
            DatabaseUrl url = DatabaseUrl.of(store.config(), agent, password);
            tell(spec, "agent '" + name + "' added to " + store.file() + ": " + mode.yamlName()
                    + ", environments: " + AgentTable.environments(agent.environments()) + ", "
                    + AgentTable.tables(agent.tables()) + ".");
            spec.commandLine().getOut().println("DATABASE_URL=" + url.url());
            spec.commandLine().getOut().flush();
            tell(spec, "The password is in this URL only, and shown only now: pgguard keeps just its "
                    + "SCRAM verifier. A running pgguard picks the agent up within a second.");
            url.notes().forEach(note -> tell(spec, "Note: " + note + "."));
            return ExitCodes.OK;
        } catch (CandidateConfig.WouldNotLoad e) {
            return ManagedFileCommands.wouldNotLoad(spec, ManagedFile.AGENTS, "agent '" + name + "' was not added",
                    e);
        } catch (IOException e) {
            return AgentCommand.ioFailure(spec, e);
        }
    }

    private AgentConfig agent(String verifier) {
        TableScopeConfig scope = new TableScopeConfig(union(tables, readTables), denyTables, union(tables, writeTables),
                denyTables);
        try {
            return new AgentConfig(name, verifier, mode, environments, Map.of(), scope);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid agent name '" + Text.shown(name) + "': use 1 "
                    + "to 63 characters of a-z, 0-9, _, . and -, starting with a letter or digit");
        }
    }

    /** Said in the options' terms here; the loader would say it about the agents file's entry. */
    private void requireEnvironments(PgGuardConfig config) {
        if (environments.isEmpty() && config.environments().size() > 1) {
            throw new ParameterException(spec.commandLine(), "--env is required: the config has several environments ("
                    + String.join(", ", config.environments().stream().map(EnvironmentConfig::name).toList())
                    + "); name the ones agent '" + name + "' may reach");
        }
    }

    private int exists(ManagedStore store) {
        if (store.managed(name)) {
            tell(spec, "pgguard: agent '" + name + "' already exists (in " + store.file() + "). To give "
                    + "it a new password or other terms, run pgguard agent revoke " + name + " first, then add it "
                    + "again.");
        } else {
            tell(spec, "pgguard: agent '" + name + "' already exists: " + store.definedIn(name)
                    + " defines it, and pgguard agent does not edit that file. Choose another name.");
        }
        return AgentCommand.REFUSED;
    }

    private static List<String> union(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    /** {@code read-only} and {@code read-write}, as the config file spells them. */
    static final class ModeConverter implements ITypeConverter<AgentMode> {
        @Override
        public AgentMode convert(String text) {
            for (AgentMode m : AgentMode.values()) {
                if (m.yamlName().equals(text)) {
                    return m;
                }
            }
            throw new TypeConversionException("must be read-only or read-write, got '" + Text.shown(text) + "'");
        }
    }
}
