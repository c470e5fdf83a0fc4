package dev.pgguard.cli;

import dev.pgguard.config.ApproverConfig;
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
 * The approvers of the configuration a command runs with, and the approvers file {@code pgguard approver} edits.
 * As {@link AgentStore} for the agents file: the file changes only through {@link #save}, which puts the edited
 * file in place only when the whole configuration loads with it, and one command edits it at a time.
 */
final class ApproverStore implements AutoCloseable {

    /** Beside the config file (or in ~/.pgguard): held by one add or remove at a time. */
    static final String LOCK_FILE = ".pgguard-approver.lock";

    /** What else must be written once the edited file is known to load, before it replaces the old one. */
    @FunctionalInterface
    interface Before {
        void write() throws IOException;
    }

    private final ConfigFile source;
    private final PgGuardConfig config;
    private final Path file;
    private final ApproversFile entries;
    private final FileChannel lock;

    private ApproverStore(ConfigFile source, PgGuardConfig config, Path file, ApproversFile entries, FileChannel lock) {
        this.source = source;
        this.config = config;
        this.file = file;
        this.entries = entries;
        this.lock = lock;
    }

    /** The configuration as {@code serve} would read it now, and its approvers file; a configuration error is 78. */
    static ApproverStore read(ConfigFile source) throws ConfigException, IOException {
        return read(source, null);
    }

    /** Like {@link #read}, for a command that will {@link #save}: waits while another one edits the file. */
    static ApproverStore edit(ConfigFile source) throws ConfigException, IOException {
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

    private static ApproverStore read(ConfigFile source, FileChannel lock) throws ConfigException, IOException {
        PgGuardConfig config = source.load();
        // ConfigFile loads from a file or from ~/.pgguard, and either way the loader names an approvers file
        Path file = config.managedFiles().approvers().orElseThrow().toAbsolutePath().normalize();
        return new ApproverStore(source, config, file, ApproversFile.read(file), lock);
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

    ApproversFile entries() {
        return entries;
    }

    Path file() {
        return file;
    }

    Optional<ApproverConfig> find(String name) {
        return config.approvers().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Whether the approver is one of the approvers file's (else the config file defines it). */
    boolean managed(String name) {
        return entries.contains(name);
    }

    /** Where an approver of {@link #config} is defined: the approvers file, or the config file. */
    String definedIn(String name) {
        return managed(name) ? file.toString() : source.path().map(Path::toString).orElse(file.toString());
    }

    /**
     * Replaces the approvers file with the edited entries if the configuration loads with them, after
     * {@code before} (the new approver's token file: it is written only for an approver that will exist);
     * else leaves everything as it was.
     */
    void save(Before before) throws IOException, CandidateConfig.WouldNotLoad {
        if (lock == null) {
            throw new IllegalStateException("read for listing, not for editing");
        }
        ManagedFileWriter.replace(file, entries.text(), candidate -> {
            CandidateConfig.check(source, "approvers_file", candidate, file);
            before.write();
        });
    }
}
