package dev.pgguard.cli;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.ConfigException;
import dev.pgguard.config.PgGuardConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * The agents of the configuration a command runs with, and the agents file {@code pgguard agent} edits. The file
 * changes only through {@link #save}, which puts the edited file in place only when the whole configuration loads
 * with it: a running pgguard rereads it within a second, and must never be handed a file it would reject.
 */
final class AgentStore implements AutoCloseable {

    /** Beside the config file (or in ~/.pgguard): held by one add or revoke at a time. */
    static final String LOCK_FILE = ".pgguard-agent.lock";

    private final ConfigFile source;
    private final PgGuardConfig config;
    private final Path file;
    private final AgentsFile entries;
    private final FileChannel lock;

    private AgentStore(ConfigFile source, PgGuardConfig config, Path file, AgentsFile entries, FileChannel lock) {
        this.source = source;
        this.config = config;
        this.file = file;
        this.entries = entries;
        this.lock = lock;
    }

    /** The configuration as {@code serve} would read it now, and its agents file; a configuration error is 78. */
    static AgentStore read(ConfigFile source) throws ConfigException, IOException {
        return read(source, null);
    }

    /**
     * Like {@link #read}, for a command that will {@link #save}: one such command at a time per configuration, from
     * reading to writing, so that two cannot undo each other (an add that read the file before a revoke wrote it
     * would write the revoked agent back). Waits for the other one to finish.
     */
    static AgentStore edit(ConfigFile source) throws ConfigException, IOException {
        Path dir = source.directory();
        Files.createDirectories(dir, ManagedFileWriter.ownerOnly("rwx------")); // ~/.pgguard, the first time
        FileChannel lock = FileChannel.open(dir.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), ManagedFileWriter.ownerOnly("rw-------"));
        try {
            lock.lock(); // released when the channel closes, or when the process ends whatever way
            return read(source, lock);
        } catch (ConfigException | IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static AgentStore read(ConfigFile source, FileChannel lock) throws ConfigException, IOException {
        PgGuardConfig config = source.load();
        // ConfigFile loads from a file or from ~/.pgguard, and either way the loader names an agents file
        Path file = config.managedFiles().agents().orElseThrow().toAbsolutePath().normalize();
        return new AgentStore(source, config, file, AgentsFile.read(file), lock);
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }

    PgGuardConfig config() {
        return config;
    }

    /** The agents file's entries, to edit before {@link #save}. */
    AgentsFile entries() {
        return entries;
    }

    Path file() {
        return file;
    }

    Optional<AgentConfig> find(String name) {
        return config.agents().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Whether the agents file defines it; else the config file does, and only an edit there changes it. */
    boolean managed(String name) {
        return entries.contains(name);
    }

    /** Where an agent of {@link #config} is defined: the agents file, or the config file. */
    String definedIn(String name) {
        return managed(name) ? file.toString() : source.path().map(Path::toString).orElse(file.toString());
    }

    /** Replaces the agents file with the edited entries, if the configuration loads with them; else leaves it. */
    void save() throws IOException, CandidateConfig.WouldNotLoad {
        if (lock == null) {
            throw new IllegalStateException("read for listing, not for editing");
        }
        ManagedFileWriter.replace(file, entries.text(),
                candidate -> CandidateConfig.check(source, "agents_file", candidate, file));
    }
}
