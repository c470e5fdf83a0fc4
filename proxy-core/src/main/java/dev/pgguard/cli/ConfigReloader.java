package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ManagedFiles;
import dev.pgguard.config.PgGuardConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code pgguard serve}'s configuration on SIGHUP and when one of its files changes: the config file (if
 * any) and the agents and approvers files of the configuration in force. A configuration that loads is put in
 * force ({@link dev.pgguard.proxy.PgGuardServer#reload}); one that does not is rejected with every problem in the
 * log, and the running configuration stays.
 *
 * <p>The files are looked at every {@value #POLL_MILLIS} ms, two or three {@code stat}s each time, so that an
 * agent revoked with {@code pgguard agent revoke} loses its sessions well within a second. A look that happens in
 * the middle of an editor's save may read half a file and reject it; the end of the save changes the file again,
 * and the next look reads it whole.
 */
final class ConfigReloader {

    static final long POLL_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /** Reads the files and applies what serve adds to them (the embedded upstream, the demo agent). */
    @FunctionalInterface
    interface Loader {
        PgGuardConfig load() throws ConfigException;
    }

    private final Optional<Path> configFile;
    private final Loader loader;
    private final Consumer<PgGuardConfig> apply;
    /** Each watched file and how it looked when it was last read. */
    private Map<Path, Object> seen;

    /**
     * @param managed the agents and approvers files of the configuration in force
     * @param apply   puts a loaded configuration in force
     */
    ConfigReloader(Optional<Path> configFile, ManagedFiles managed, Loader loader, Consumer<PgGuardConfig> apply) {
        this.configFile = configFile;
        this.loader = loader;
        this.apply = apply;
        this.seen = look(watched(managed), Map.of());
    }

    /** Reloads on SIGHUP (where the platform has it) and on every change a watcher thread sees. */
    void start() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload("SIGHUP"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.info("SIGHUP is not available here ({}); the configuration reloads when its files change",
                    e.getMessage());
        }
        Thread watcher = new Thread(this::watch, "pgguard-config-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            reloadIfChanged();
        }
    }

    /** One look at the files: reloads when one of them changed since it was last read; true when it did. */
    synchronized boolean reloadIfChanged() {
        for (Map.Entry<Path, Object> file : seen.entrySet()) {
            if (!Objects.equals(stamp(file.getKey()), file.getValue())) {
                reload(file.getKey() + " changed");
                return true;
            }
        }
        return false;
    }

    synchronized void reload(String why) {
        // Stamped before reading, so that a change made while it reads is seen at the next look; and a file that
        // does not load is not read again until it changes.
        Map<Path, Object> before = look(new ArrayList<>(seen.keySet()), Map.of());
        seen = before;
        try {
            PgGuardConfig next = loader.load();
            apply.accept(next);
            seen = look(watched(next.managedFiles()), before); // agents_file may now name another file
            // the config file, or without one the agents file, which is the first watched then
            log.info("configuration reloaded from {} ({})", seen.keySet().iterator().next(), why);
        } catch (ConfigException e) {
            log.warn("configuration reload ({}) rejected; the running configuration stays in force:\n{}", why,
                    e.getMessage());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            log.warn("configuration reload ({}) failed; the running configuration stays in force: {}", why,
                    e.getMessage());
        }
    }

    private List<Path> watched(ManagedFiles managed) {
        List<Path> files = new ArrayList<>();
        configFile.ifPresent(files::add);
        managed.agents().ifPresent(files::add);
        managed.approvers().ifPresent(files::add);
        return files;
    }

    /** The stamps of {@code files}, taken from {@code known} where it has them, else looked at now. */
    private static Map<Path, Object> look(List<Path> files, Map<Path, Object> known) {
        Map<Path, Object> stamps = new LinkedHashMap<>();
        for (Path f : files) {
            stamps.put(f, known.containsKey(f) ? known.get(f) : stamp(f));
        }
        return stamps;
    }

    /**
     * Identity, modification time and size: a change to any counts (an editor's save, a copy over it, and the
     * rename {@code pgguard agent} replaces the agents file with, which gives it a new identity even within the
     * clock's resolution).
     */
    private static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() + ":" + a.lastModifiedTime().toMillis() + ":" + a.size();
        } catch (IOException e) {
            return "missing"; // not created yet, or being replaced: the next look finds it
        }
    }
}
