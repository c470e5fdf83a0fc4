package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which configuration a command uses: one rule for every subcommand, so they never disagree about the policy. */
final class ConfigFile {

    private ConfigFile() {
    }

    /** {@code --config FILE} when given, else {@code ./pgguard.yaml} when it exists, else the built-in defaults. */
    static PgGuardConfig load(Path configFile) throws ConfigException {
        if (configFile != null) {
            return ConfigLoader.load(configFile);
        }
        Path local = Path.of("pgguard.yaml");
        return Files.isRegularFile(local) ? ConfigLoader.load(local) : PgGuardConfig.defaults();
    }
}
