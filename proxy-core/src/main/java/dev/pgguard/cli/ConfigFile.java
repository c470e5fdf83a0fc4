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
 * {@code serve} with the same arguments.
 */
final class ConfigFile {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pgguard.yaml (default: ./pgguard.yaml when it exists, else built-in defaults)")
    private Path file;

    /** {@code --config FILE} when given, else {@code ./pgguard.yaml} when it exists, else the built-in defaults. */
    PgGuardConfig load() throws ConfigException {
        Optional<Path> path = path();
        return path.isPresent() ? ConfigLoader.load(path.get()) : PgGuardConfig.defaults();
    }

    /** The file {@link #load} reads, if any. */
    Optional<Path> path() {
        if (file != null) {
            return Optional.of(file);
        }
        Path local = Path.of("pgguard.yaml");
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }
}
