package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.proxy.PgGuardServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code pgguard serve}'s configuration file on SIGHUP and when the file changes (checked every second):
 * a file that loads is put in force ({@link PgGuardServer#reload}); one that does not is rejected with every
 * problem in the log, and the running configuration stays.
 */
final class ConfigReloader {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /** Reads the file and applies what serve adds to it (the embedded upstream, the demo agent). */
    @FunctionalInterface
    interface Loader {
        PgGuardConfig load() throws ConfigException;
    }

    private final Path file;
    private final Loader loader;
    private final PgGuardServer server;
    private Object lastSeen;

    private ConfigReloader(Path file, Loader loader, PgGuardServer server) {
        this.file = file;
        this.loader = loader;
        this.server = server;
        this.lastSeen = stamp();
    }

    static void start(Path file, Loader loader, PgGuardServer server) {
        ConfigReloader reloader = new ConfigReloader(file, loader, server);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reloader.reload("SIGHUP"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.info("SIGHUP is not available here ({}); the configuration reloads when its file changes", e.getMessage());
        }
        Thread watcher = new Thread(reloader::watch, "pgguard-config-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Object now = stamp();
            if (!Objects.equals(now, lastSeen)) {
                reload(file + " changed");
            }
        }
    }

    private synchronized void reload(String why) {
        lastSeen = stamp();
        try {
            server.reload(loader.load());
            log.info("configuration reloaded from {} ({})", file, why);
        } catch (ConfigException e) {
            log.warn("configuration reload ({}) rejected; the running configuration stays in force:\n{}", why,
                    e.getMessage());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            log.warn("configuration reload ({}) failed; the running configuration stays in force: {}", why,
                    e.getMessage());
        }
    }

    /** Modification time and size: a change to either (an editor's save, a copy over it) counts. */
    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size();
        } catch (IOException e) {
            return "missing"; // a file being replaced: the next look finds it
        }
    }
}
