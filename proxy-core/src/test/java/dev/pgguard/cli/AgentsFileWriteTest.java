package dev.pgguard.cli;

import static dev.pgguard.cli.AgentsFileTest.VERIFIER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How the agents file is replaced: owner-only, in one rename, and only when the whole configuration loads with
 * the new file; otherwise the old one stays byte for byte and no temporary file is left behind.
 */
class AgentsFileWriteTest {

    @TempDir
    Path dir;

    @Test
    void theNewFileIsOwnerOnlyAndReplacesTheOldInOneRename() throws Exception {
        Path target = Files.writeString(dir.resolve("agents.yaml"), "agents: []\n");
        Object before = identity(target);

        ManagedFileWriter.replace(target, "agents: [] # new\n", candidate -> {
            assertEquals(dir, candidate.getParent(), "beside the target: a rename within one file system");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(candidate)));
        });

        assertEquals("agents: [] # new\n", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertNotEquals(before, identity(target), "a new file renamed over the old, not the old one rewritten");
        assertEquals(List.of(target), files());
    }

    @Test
    void aFailedCheckLeavesTheOldFileByteForByte() throws Exception {
        byte[] old = "# by hand\nagents: []\n".getBytes();
        Path target = Files.write(dir.resolve("agents.yaml"), old);

        assertThrows(CandidateConfig.WouldNotLoad.class, () -> ManagedFileWriter.replace(target, "agents: [ {\n",
                candidate -> {
                    throw new CandidateConfig.WouldNotLoad("no");
                }));
        assertThrows(IOException.class, () -> ManagedFileWriter.replace(target, "agents: []\n", candidate -> {
            throw new IOException("disk full");
        }));

        assertArrayEquals(old, Files.readAllBytes(target));
        assertEquals(List.of(target), files(), "no temporary file left behind");
    }

    @Test
    void theCheckLoadsTheWholeConfigWithTheCandidateAndNamesTheRealFiles() throws Exception {
        Files.createDirectory(dir.resolve("managed"));
        Files.writeString(dir.resolve("pw"), "secret\n");
        Path config = Files.writeString(dir.resolve("pgguard.yaml"), """
                upstream: { host: db, user: guard, password_file: pw }
                agents_file: managed/agents.yaml
                agents:
                  - { name: by-hand, password: '%s' }
                """.formatted(VERIFIER));
        Path agentsFile = dir.resolve("managed/agents.yaml");
        ConfigFile source = new ConfigFile();
        new CommandLine(source).parseArgs("--config", config.toString());
        Path ok = Files.writeString(dir.resolve("managed/ok.yaml"), "agents:\n  - { name: new, password: '"
                + VERIFIER + "' }\n");
        // loads, so the relative password_file was found: the copy was beside the config
        CandidateConfig.check(source, ManagedFile.AGENTS, ok, agentsFile);

        Path clash = Files.writeString(dir.resolve("managed/clash.yaml"), "agents:\n  - { name: by-hand, password: '"
                + VERIFIER + "' }\n");
        CandidateConfig.WouldNotLoad e = assertThrows(CandidateConfig.WouldNotLoad.class,
                () -> CandidateConfig.check(source, ManagedFile.AGENTS, clash, agentsFile));
        assertTrue(e.getMessage().startsWith("invalid configuration in " + agentsFile + " (1 problem):")
                && e.getMessage().contains("agent 'by-hand' is also defined in the config file"), e.getMessage());
        assertFalse(e.getMessage().contains("clash.yaml"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static Object identity(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
