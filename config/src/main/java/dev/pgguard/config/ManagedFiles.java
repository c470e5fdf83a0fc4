package dev.pgguard.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files {@code pgguard agent} and {@code pgguard approver} write, next to the hand-written config: their
 * entries have the keys of the config's own {@code agents} and {@code approvers} lists and add to them. A
 * running pgguard reloads them like the config file.
 *
 * @param agents    empty when the config was not read from a file and names none
 * @param approvers likewise
 */
public record ManagedFiles(Optional<Path> agents, Optional<Path> approvers) {

    public static final ManagedFiles NONE = new ManagedFiles(Optional.empty(), Optional.empty());
    public static final String DEFAULT_AGENTS = "agents.yaml";
    public static final String DEFAULT_APPROVERS = "approvers.yaml";

    public ManagedFiles {
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(approvers, "approvers");
    }

    public ManagedFiles withAgents(Path file) {
        return new ManagedFiles(Optional.of(file), approvers);
    }

    public ManagedFiles withApprovers(Path file) {
        return new ManagedFiles(agents, Optional.of(file));
    }

    /** The defaults for a config that lives in {@code dir}: agents.yaml and approvers.yaml beside it. */
    public static ManagedFiles beside(Path dir) {
        return new ManagedFiles(Optional.of(dir.resolve(DEFAULT_AGENTS)), Optional.of(dir.resolve(DEFAULT_APPROVERS)));
    }
}
