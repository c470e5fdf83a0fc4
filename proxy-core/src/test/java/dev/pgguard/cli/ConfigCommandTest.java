package dev.pgguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgguard config check}: the effective configuration with secrets masked, or every problem at once. */
class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void aValidFileIsPrintedWithDefaultsFilledInAndSecretsMasked() throws IOException {
        Path file = Files.writeString(dir.resolve("pgguard.yaml"), """
                upstream: { host: db, user: app, password_file: pw }
                approvals: { timeout: 2m }
                """);
        Files.writeString(dir.resolve("pw"), "hunter2\n");
        CliRun r = CliRun.run("", "config", "check", "--config", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("  timeout: 2m\n") && r.out().contains("  password: ****\n")
                && r.out().contains("  rotate_size: 100MB\n"), r.out());
        assertFalse(r.out().contains("hunter2"), "the secret never printed");
    }

    @Test
    void anInvalidFileListsEveryProblemAndExits78() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                listen: { port: 70000 }
                agents: [{ name: a, password: pencil, mode: write }]
                """);
        CliRun r = CliRun.run("", "config", "check", "--config", file.toString());
        assertEquals(ExitCodes.CONFIG, r.exitCode());
        assertTrue(r.err().contains("listen.port (line 1)") && r.err().contains("agents[0].password (line 2)")
                && r.err().contains("agents[0].mode (line 2)"), r.err());
    }
}
