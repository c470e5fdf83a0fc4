package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.ManagedFiles;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Loads the whole configuration as {@code pgguard serve} would with a candidate managed file (the agents file, the
 * approvers file) read in place of the real one, so that {@code pgguard agent} and {@code pgguard approver} never
 * write a file that would not load. A problem is reported with the real file's name, not the candidate's.
 */
final class CandidateConfig {

    /** The candidate would not load: every problem, as {@link ConfigException} words them, about the real files. */
    static final class WouldNotLoad extends Exception {
        WouldNotLoad(String message) {
            super(message);
        }
    }

    private CandidateConfig() {
    }

    /**
     * @param source    the configuration the command runs with; it loads (the caller loaded it)
     * @param kind      which managed file the candidate replaces
     * @param candidate the new file, not yet in place
     * @param real      where it will be
     */
    static void check(ConfigFile source, ManagedFile kind, Path candidate, Path real) throws WouldNotLoad {
        UnaryOperator<ManagedFiles> substitute = files -> kind.substitute(files, candidate);
        Optional<Path> configFile = source.path();
        try {
            if (configFile.isPresent()) {
                ConfigLoader.load(configFile.get(), System.getenv(), substitute);
            } else {
                ConfigLoader.withoutFile(source.pgguardHome(), System.getenv(), substitute);
            }
        } catch (ConfigException e) {
            throw new WouldNotLoad(e.getMessage().replace(candidate.toString(), real.toString())
                    .replace(candidate.toAbsolutePath().toString(), real.toString()));
        }
    }
}
