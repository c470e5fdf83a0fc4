package dev.pgguard.cli;

import static dev.pgguard.cli.ManagedFileCommands.tell;

import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * {@code pgguard agent revoke NAME}: removes an agent from the agents file. A running pgguard rereads the file
 * within a second, ends the agent's open sessions (FATAL 28000) and refuses its logins from then on. An agent the
 * config file defines is that file's to remove: this command does not rewrite a file a human maintains.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Remove an agent added with pgguard agent add. A running pgguard ends its open sessions and "
                + "refuses its logins within a second."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:revoked", "1:no such agent, or the config file defines it (delete it there)",
                "64:usage error", "74:the agents file cannot be read or written",
                "78:configuration error: the configuration does not load, or would not without this agent "
                        + "(nothing was written)"})
final class AgentRevokeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the agent (pgguard agent list shows them)")
    private String name;

    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() throws ConfigException {
        try (ManagedStore store = ManagedStore.edit(configFile, ManagedFile.AGENTS)) {
            if (!store.managed(name)) {
                return refuse(store);
            }
            store.entries().remove(name);
            store.save();
            tell(spec, "agent '" + name + "' revoked: removed from " + store.file() + ". A running "
                    + "pgguard ends its open sessions and refuses its logins within a second.");
            return ExitCodes.OK;
        } catch (CandidateConfig.WouldNotLoad e) {
            return ManagedFileCommands.wouldNotLoad(spec, ManagedFile.AGENTS,
                    "agent '" + Text.shown(name) + "' was not revoked", e);
        } catch (IOException e) {
            return AgentCommand.ioFailure(spec, e);
        }
    }

    private int refuse(ManagedStore store) {
        if (store.defines(name)) {
            tell(spec, "pgguard: agent '" + name + "' is defined in " + store.definedIn(name) + ", not "
                    + "by pgguard agent add: delete its entry there (a running pgguard applies that at once, ending "
                    + "its sessions).");
        } else {
            tell(spec, "pgguard: no agent '" + Text.shown(name) + "' (pgguard agent list shows them).");
        }
        return AgentCommand.REFUSED;
    }
}
