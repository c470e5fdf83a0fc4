package dev.pgguard.cli;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.ApproverConfig;
import dev.pgguard.config.ManagedFiles;
import dev.pgguard.config.PgGuardConfig;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The two files pgguard writes itself beside the hand-written config: the agents file ({@code pgguard agent}) and
 * the approvers file ({@code pgguard approver}). Both live the same life ({@link ManagedStore}: read under a lock,
 * edited as {@link ManagedEntries}, checked by {@link CandidateConfig}, replaced by {@link ManagedFileWriter}); this
 * says only where they differ.
 */
enum ManagedFile {

    AGENTS("agents", "agent", "add/revoke", ManagedFiles::agents, ManagedFiles::withAgents,
            config -> config.agents().stream().map(AgentConfig::name)),
    APPROVERS("approvers", "approver", "add/remove", ManagedFiles::approvers, ManagedFiles::withApprovers,
            config -> config.approvers().stream().map(ApproverConfig::name));

    private final String key;
    private final String command;
    private final String verbs;
    private final Function<ManagedFiles, Optional<Path>> path;
    private final BiFunction<ManagedFiles, Path, ManagedFiles> substitute;
    private final Function<PgGuardConfig, Stream<String>> names;

    ManagedFile(String key, String command, String verbs, Function<ManagedFiles, Optional<Path>> path,
                BiFunction<ManagedFiles, Path, ManagedFiles> substitute,
                Function<PgGuardConfig, Stream<String>> names) {
        this.key = key;
        this.command = command;
        this.verbs = verbs;
        this.path = path;
        this.substitute = substitute;
        this.names = names;
    }

    /** The file's list, keyed as the config's own list of the same entries: {@code agents}. */
    String key() {
        return key;
    }

    /** {@code agents file}, as messages name it. */
    String description() {
        return key + " file";
    }

    /** The first line of the file as pgguard writes it. */
    String header() {
        return "# Managed by pgguard " + command + " " + verbs + "; edits by hand are kept but comments are not\n";
    }

    /** Beside the config file (or in ~/.pgguard): held by one command that edits the file at a time. */
    String lockFile() {
        return ".pgguard-" + command + ".lock";
    }

    /** Where the configuration reads this file from. */
    Optional<Path> path(ManagedFiles files) {
        return path.apply(files);
    }

    /** The managed files with {@code file} read in place of this one. */
    ManagedFiles substitute(ManagedFiles files, Path file) {
        return substitute.apply(files, file);
    }

    /** The names of the configuration's entries of this kind, from the config file and this file. */
    Stream<String> names(PgGuardConfig config) {
        return names.apply(config);
    }
}
