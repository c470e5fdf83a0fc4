package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.PgGuardConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The configuration a command runs with, and the managed file ({@code pgguard agent}'s agents file,
 * {@code pgguard approver}'s approvers file) it edits. The file changes only through {@link #save}, which puts the
 * edited file in place only when the whole configuration loads with it: a running pgguard rereads it within a
 * second, and must never be handed a file it would reject.
 */
final class ManagedStore implements AutoCloseable {

    /** What else must be written once the edited file is known to load, before it replaces the old one. */
    @FunctionalInterface
    interface Before {
        void write() throws IOException;
    }

    private final ManagedFile kind;
    private final ConfigFile source;
    private final PgGuardConfig config;
    private final Path file;
    private final ManagedEntries entries;
    private final FileChannel lock;

    private ManagedStore(ManagedFile kind, ConfigFile source, PgGuardConfig config, Path file, ManagedEntries entries,
                         FileChannel lock) {
        this.kind = kind;
        this.source = source;
        this.config = config;
        this.file = file;
        this.entries = entries;
        this.lock = lock;
    }

    /** The configuration as {@code serve} would read it now, and its managed file; a configuration error is 78. */
    static ManagedStore read(ConfigFile source, ManagedFile kind) throws ConfigException, IOException {
        return read(source, kind, null);
    }

    /**
     * Like {@link #read}, for a command that will {@link #save}: one such command at a time per configuration and
     * file, from reading to writing, so that two cannot undo each other (an add that read the file before a revoke
     * wrote it would write the revoked agent back). Waits for the other one to finish.
     */
    static ManagedStore edit(ConfigFile source, ManagedFile kind) throws ConfigException, IOException {
        Path dir = source.directory();
        Files.createDirectories(dir, ManagedFileWriter.ownerOnly("rwx------")); // ~/.pgguard, the first time
        FileChannel lock = FileChannel.open(dir.resolve(kind.lockFile()), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), ManagedFileWriter.ownerOnly("rw-------"));
        try {
            lock.lock(); // released when the channel closes, or when the process ends whatever way
            return read(source, kind, lock);
        } catch (ConfigException | IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ManagedStore read(ConfigFile source, ManagedFile kind, FileChannel lock)
            throws ConfigException, IOException {
        PgGuardConfig config = source.load();
        // ConfigFile loads from a file or from ~/.pgguard, and either way the loader names both managed files
        Path file = kind.path(config.managedFiles()).orElseThrow().toAbsolutePath().normalize();
        return new ManagedStore(kind, source, config, file, ManagedEntries.read(kind, file), lock);
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

    /** The managed file's entries, to edit before {@link #save}. */
    ManagedEntries entries() {
        return entries;
    }

    Path file() {
        return file;
    }

    /** Whether the configuration has an entry of that name, in either file. */
    boolean defines(String name) {
        return kind.names(config).anyMatch(name::equals);
    }

    /** Whether the managed file defines it; else the config file does, and only an edit there changes it. */
    boolean managed(String name) {
        return entries.contains(name);
    }

    /** Where an entry of {@link #config} is defined: the managed file, or the config file. */
    String definedIn(String name) {
        return managed(name) ? file.toString() : source.path().map(Path::toString).orElse(file.toString());
    }

    /** Replaces the managed file with the edited entries, if the configuration loads with them; else leaves it. */
    void save() throws IOException, CandidateConfig.WouldNotLoad {
        save(() -> { });
    }

    /**
     * As {@link #save()}, and {@code before} once the edited file is known to load (the new approver's token file:
     * it is written only for an approver that will exist); if that fails, the managed file stays as it was.
     */
    void save(Before before) throws IOException, CandidateConfig.WouldNotLoad {
        if (lock == null) {
            throw new IllegalStateException("read for listing, not for editing");
        }
        ManagedFileWriter.replace(file, entries.text(), candidate -> {
            CandidateConfig.check(source, kind, candidate, file);
            before.write();
        });
    }
}
