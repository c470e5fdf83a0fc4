package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code pgguard agent list}: the agents of the configuration {@code serve} would read now, from the config file
 * and the agents file, and which of the two defines each. Never their verifiers.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "List the agents: name, mode, environments, tables, and the file that defines each.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when there is none)", "64:usage error",
                "74:the agents file cannot be read", "78:configuration error"})
final class AgentListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "one JSON object: {\"agents\": [{\"name\", \"mode\", \"environments\", "
            + "\"rules\", \"tables\": {\"read\": {\"allow\", \"deny\"}, \"write\": {...}}, \"defined_in\"}]}")
    private boolean json;

    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() throws ConfigException {
        try (ManagedStore store = ManagedStore.read(configFile, ManagedFile.AGENTS)) {
            PrintWriter out = spec.commandLine().getOut();
            List<AgentConfig> agents = store.config().agents();
            if (json) {
                CliJson.writeLine(out, g -> {
                    g.writeArrayFieldStart("agents");
                    for (AgentConfig a : agents) {
                        writeAgent(g, a, store.definedIn(a.name()));
                    }
                    g.writeEndArray();
                });
            } else {
                out.print(AgentTable.render(agents, store::definedIn));
                out.flush();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            return AgentCommand.ioFailure(spec, e);
        }
    }

    private static void writeAgent(JsonGenerator g, AgentConfig a, String definedIn) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", a.name());
        g.writeStringField("mode", a.mode().yamlName());
        writeStrings(g, "environments", a.environments());
        g.writeObjectFieldStart("rules");
        for (Map.Entry<String, String> rule : new TreeMap<>(a.rules()).entrySet()) {
            g.writeStringField(rule.getKey(), rule.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("tables");
        writeAccess(g, "read", a.tables().readAllow(), a.tables().readDeny());
        writeAccess(g, "write", a.tables().writeAllow(), a.tables().writeDeny());
        g.writeEndObject();
        g.writeStringField("defined_in", definedIn);
        g.writeEndObject();
    }

    private static void writeAccess(JsonGenerator g, String name, List<String> allow, List<String> deny)
            throws IOException {
        g.writeObjectFieldStart(name);
        writeStrings(g, "allow", allow);
        writeStrings(g, "deny", deny);
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
