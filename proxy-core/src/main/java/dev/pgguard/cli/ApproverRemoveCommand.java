package dev.pgguard.cli;

import static dev.pgguard.cli.ManagedFileCommands.tell;

import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pgguard approver remove NAME}: removes an approver from the approvers file, and the TOTP secret file
 * {@code approver add --totp} made for them. A running pgguard stops accepting their token within a second. The
 * token file stays where it is (it may be on the approver's own machine); it opens nothing any more. An approver
 * the config file defines is that file's to remove.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Remove an approver added with pgguard approver add. A running pgguard stops accepting their "
                + "token within a second; with no named approver left, the shared approver token is accepted again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:removed", "1:no such approver, or the config file defines them (delete them there)",
                "64:usage error", "74:the approvers file cannot be read or written",
                "78:configuration error: the configuration does not load, or would not without this approver "
                        + "(nothing was written)"})
final class ApproverRemoveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the approver (pgguard approver list shows them)")
    private String name;

    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() throws ConfigException {
        try (ManagedStore store = ManagedStore.edit(configFile, ManagedFile.APPROVERS)) {
            if (!store.managed(name)) {
                return refuse(store);
            }
            Optional<String> secretFile = store.entries().value(name, ApproverEntry.TOTP_SECRET_FILE);
            store.entries().remove(name);
            store.save();
            // only the file add --totp made: one written by hand may be another approver's too
            if (secretFile.isPresent() && secretFile.get().equals(ApproverAddCommand.secretFileName(name))) {
                Files.deleteIfExists(store.file().resolveSibling(secretFile.get()));
            }
            tell(spec, "approver '" + name + "' removed from " + store.file() + ". A running pgguard "
                    + "stops accepting their token within a second.");
            if (store.config().approvers().size() == 1) {
                tell(spec, "No named approver is left: the shared approver token (approvals.token, "
                        + "or ~/.pgguard/approver.token of the user pgguard serve runs as) is accepted again.");
            }
            return ExitCodes.OK;
        } catch (CandidateConfig.WouldNotLoad e) {
            return ManagedFileCommands.wouldNotLoad(spec, ManagedFile.APPROVERS,
                    "approver '" + Text.shown(name) + "' was not removed", e);
        } catch (IOException e) {
            return ApproverCommand.ioFailure(spec, "approver '" + Text.shown(name) + "' was not removed", e);
        }
    }

    private int refuse(ManagedStore store) {
        if (store.defines(name)) {
            tell(spec, "pgguard: approver '" + name + "' is defined in " + store.definedIn(name)
                    + ", not by pgguard approver add: delete their entry there (a running pgguard applies that at "
                    + "once).");
        } else {
            tell(spec, "pgguard: no approver '" + Text.shown(name) + "' (pgguard approver list shows "
                    + "them).");
        }
        return ApproverCommand.REFUSED;
    }
}
