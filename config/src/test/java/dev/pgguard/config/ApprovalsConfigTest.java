package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.parse;
import static dev.pgguard.config.TestYaml.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalsConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreDocumentedOnes() throws ConfigException {
        ApprovalsConfig a = parse("approvals:\n").approvals();
        assertEquals(Duration.ofSeconds(60), a.timeout());
        assertEquals(Duration.ofSeconds(15), a.timeoutInTransaction());
        assertEquals(Duration.ofMinutes(10), a.lateApprovalWindow());
        assertEquals(Optional.empty(), a.approverToken());
    }

    @Test
    void tokenFileMustBeOwnerOnly() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("token"), "abc\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(new ConfigProblem("approvals.token_file", 1,
                        file + " must be readable by its owner only (chmod 600)")),
                problems("approvals: { token_file: " + file + " }"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.of(Secret.of("abc")), parse("approvals: { token_file: " + file + " }").approvals()
                .approverToken());
    }

    @Test
    void inlineTokenAndInvertedTimeoutsAreProblems() {
        assertEquals(List.of(
                new ConfigProblem("approvals.timeout_in_transaction", 1, "must not exceed timeout (10s): a hold "
                        + "inside a transaction keeps its locks while it waits"),
                new ConfigProblem("approvals.token", 1,
                        "inline secrets are not accepted: use token: ${ENV_VAR} or token_file: PATH")),
                problems("approvals: { timeout: 10s, timeout_in_transaction: 30s, token: letmein }"));
    }
}
