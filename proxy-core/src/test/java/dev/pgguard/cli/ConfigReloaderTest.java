package dev.pgguard.cli;

import static dev.pgguard.cli.AgentsFileTest.VERIFIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reloader looks at and what it puts in force: a change to the config file or to the agents file of the
 * configuration in force reloads; a configuration that does not load is never applied.
 */
class ConfigReloaderTest {

    @TempDir
    Path dir;

    private final List<PgGuardConfig> applied = new ArrayList<>();

    @Test
    void aChangedAgentsFileIsPutInForceAndABrokenOneIsNot() throws Exception {
        Path config = Files.writeString(dir.resolve("pgguard.yaml"), "upstream: { host: db, user: guard }\n");
        ConfigReloader reloader = reloader(Optional.of(config), () -> ConfigLoader.load(config, Map.of()));
        assertFalse(reloader.reloadIfChanged(), "nothing changed yet");

        Path agents = Files.writeString(dir.resolve("agents.yaml"), "agents:\n  - { name: ci, password: '" + VERIFIER
                + "' }\n");
        assertTrue(reloader.reloadIfChanged(), "the agents file appeared");
        assertEquals(List.of("ci"), names(applied.get(0)));
        assertFalse(reloader.reloadIfChanged(), "read once per change");

        Files.writeString(agents, "agents: [ {\n");
        assertTrue(reloader.reloadIfChanged());
        assertEquals(1, applied.size(), "a file that does not load is never applied");
        assertFalse(reloader.reloadIfChanged(), "nor retried until it changes again");

        Files.writeString(config, "upstream: { host: db, user: guard }\nagents_file: other.yaml\n");
        Files.writeString(agents, "agents: []\n");
        assertTrue(reloader.reloadIfChanged());
        assertEquals(List.of(), names(applied.get(1)), "agents_file names another file, which does not exist");
        Files.writeString(dir.resolve("other.yaml"), "agents:\n  - { name: moved, password: '" + VERIFIER + "' }\n");
        assertTrue(reloader.reloadIfChanged(), "the file the configuration in force names is watched");
        assertEquals(List.of("moved"), names(applied.get(2)));
    }

    @Test
    void withoutAConfigFileTheAgentsFileOfThePgguardDirectoryIsWatched() throws Exception {
        ConfigReloader reloader = reloader(Optional.empty(), () -> ConfigLoader.withoutFile(dir, Map.of()));
        Files.writeString(dir.resolve("agents.yaml"), "agents:\n  - { name: solo, password: '" + VERIFIER + "' }\n");
        assertTrue(reloader.reloadIfChanged());
        assertEquals(List.of("solo"), names(applied.get(0)));
    }

    private ConfigReloader reloader(Optional<Path> config, ConfigReloader.Loader loader) throws Exception {
        return new ConfigReloader(config, loader.load().managedFiles(), loader, applied::add);
    }

    private static List<String> names(PgGuardConfig config) {
        return config.agents().stream().map(AgentConfig::name).toList();
    }
}
