package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --config} option and which configuration it selects, mixed into every subcommand that reads one:
 * one rule for all of them, so {@code check} and {@code classify} never judge under another policy than
 * {@code serve} with the same arguments, and {@code agent add} writes the agents file {@code serve} reads.
 */
final class ConfigFile {

    /** Under the home directory: where pgguard keeps its own files when no config file says otherwise. */
    static final String HOME_DIR = ".pgguard";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pgguard.yaml (default: ./pgguard.yaml when it exists, else built-in defaults with the "
                    + "agents and approvers files of ~/.pgguard)")
    private Path file;

    private Optional<Path> chosen;

    /** The user's home directory; tests replace it. */
    Path home = Path.of(System.getProperty("user.home"));

    /**
     * {@code --config FILE} when given, else {@code ./pgguard.yaml} when it exists, else the built-in defaults
     * with the agents and approvers files of {@code ~/.pgguard}; in each case with its agents and approvers files.
     */
    PgGuardConfig load() throws ConfigException {
        Optional<Path> path = path();
        return path.isPresent() ? ConfigLoader.load(path.get())
                : ConfigLoader.withoutFile(pgguardHome(), System.getenv());
    }

    /**
     * The file {@link #load} reads, if any; decided once, so that serve's reloads read what its start read even
     * if a ./pgguard.yaml appears in the meantime.
     */
    Optional<Path> path() {
        if (chosen == null) {
            Path local = Path.of("pgguard.yaml");
            chosen = file != null ? Optional.of(file)
                    : Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
        }
        return chosen;
    }

    /** The directory whose managed files {@link #load} reads when there is no file: {@code ~/.pgguard}. */
    Path pgguardHome() {
        return home.resolve(HOME_DIR);
    }

    /** The config file's directory, or {@link #pgguardHome} without one. */
    Path directory() {
        return path().map(p -> p.toAbsolutePath().getParent()).orElse(pgguardHome());
    }
}
