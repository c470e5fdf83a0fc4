package dev.pgguard.cli;

import dev.pgguard.approval.totp.TotpSecret;
import dev.pgguard.config.ApproverConfig;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.proxy.testing.AdminApiFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pgguard approver add | list | remove}: the files they write, what they print and exit with. */
class ApproverFileCommandsTest {

    private static final Pattern OTPAUTH = Pattern.compile(
            "otpauth://totp/pgguard:alice\\?secret=([A-Z2-7]+)&issuer=pgguard&algorithm=SHA1&digits=6&period=30\n");

    @TempDir
    Path dir;

    private Path config;
    private Path approversFile;
    private Path tokenFile;

    @BeforeEach
    void config() throws IOException {
        config = Files.writeString(dir.resolve("pgguard.yaml"), "upstream: { host: db, user: guard }\n");
        approversFile = dir.resolve("approvers.yaml");
        tokenFile = dir.resolve("home/alice.token");
    }

    @Test
    void addWritesTheTokenForTheApproverAndKeepsOnlyItsHash() throws Exception {
        CliRun r = approver("add", "bob", "--token-file", tokenFile.toString());

        assertEquals(0, r.exitCode(), r::describe);
        String token = Files.readString(tokenFile).strip();
        assertEquals(43, token.length(), "256 random bits, base64url");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(approversFile)));
        assertFalse(Files.readString(approversFile).contains(token), "the token itself is not kept");
        ApproverConfig bob = loaded("bob");
        assertEquals(AdminApiFixture.sha256(token), bob.tokenSha256());
        assertTrue(bob.totpSecret().isEmpty());
        assertTrue(r.out().startsWith("approver 'bob' added to " + approversFile + ". Their token is in " + tokenFile),
                r::describe);
        assertTrue(r.out().contains("This is the first named approver"), r::describe);
        assertFalse(r.out().contains(token), "the token is never printed");
    }

    @Test
    void addWithTotpShowsTheUriAndTheQrCodeOnceAndKeepsTheSecretOwnerOnly() throws Exception {
        CliRun r = approver("add", "alice", "--totp", "--token-file", tokenFile.toString());

        assertEquals(0, r.exitCode(), r::describe);
        Matcher uri = OTPAUTH.matcher(r.out());
        assertTrue(uri.find(), r::describe);
        Path secretFile = dir.resolve("alice.totp");
        assertEquals(uri.group(1) + "\n", Files.readString(secretFile));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
        assertTrue(Files.readString(approversFile).contains("totp_secret_file: alice.totp"),
                Files.readString(approversFile));
        ApproverConfig alice = loaded("alice");
        assertEquals(TotpSecret.fromBase32(uri.group(1)).base32(),
                TotpSecret.fromBase32(alice.totpSecret().orElseThrow().reveal()).base32());
        assertTrue(r.out().contains("█") || r.out().contains("▀"), "the QR code in half blocks:\n" + r.out());
        assertFalse(r.out().contains("\u001b["), "no colours when not on a terminal");
    }

    @Test
    void aTokenFileThatHoldsATokenIsReplacedOnlyWithForce() throws Exception {
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, "the-shared-token\n");

        CliRun r = approver("add", "alice", "--totp", "--token-file", tokenFile.toString());
        assertEquals(ApproverCommand.REFUSED, r.exitCode(), r::describe);
        assertTrue(r.err().contains(tokenFile + " holds a token already: no named approver's"), r::describe);
        assertEquals("the-shared-token\n", Files.readString(tokenFile));
        assertFalse(Files.exists(approversFile) || Files.exists(dir.resolve("alice.totp")), "nothing was written");

        r = approver("add", "alice", "--token-file", tokenFile.toString(), "--force");
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(AdminApiFixture.sha256(Files.readString(tokenFile).strip()), loaded("alice").tokenSha256());

        r = approver("add", "bob", "--token-file", tokenFile.toString());
        assertEquals(ApproverCommand.REFUSED, r.exitCode(), r::describe);
        assertTrue(r.err().contains("approver 'alice''s, whose CLI would lose it"), r::describe);
    }

    @Test
    void aNameThatIsTakenOrNoNameAtAllIsRefused() throws Exception {
        assertEquals(0, approver("add", "alice", "--token-file", tokenFile.toString()).exitCode());

        CliRun r = approver("add", "alice", "--token-file", dir.resolve("other.token").toString());
        assertEquals(ApproverCommand.REFUSED, r.exitCode(), r::describe);
        assertTrue(r.err().contains("approver 'alice' already exists"), r::describe);

        r = approver("add", "Not A Name", "--token-file", dir.resolve("other.token").toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("invalid approver name 'Not A Name'"), r::describe);
    }

    @Test
    void listShowsNamesAndSecondFactorsNeverSecrets() throws Exception {
        assertEquals(ApproverListCommand.NONE + "\n", approver("list").out());
        approver("add", "alice", "--totp", "--token-file", tokenFile.toString());
        approver("add", "bob", "--token-file", dir.resolve("bob.token").toString());

        CliRun r = approver("list");

        assertEquals(List.of("NAME   SECOND FACTOR  DEFINED IN", "alice  TOTP           " + approversFile,
                "bob    token only     " + approversFile), r.lines(), r::describe);
        assertEquals("{\"approvers\":[{\"name\":\"alice\",\"totp\":true,\"defined_in\":\"" + approversFile + "\"},"
                + "{\"name\":\"bob\",\"totp\":false,\"defined_in\":\"" + approversFile + "\"}]}\n",
                approver("list", "--json").out());
    }

    @Test
    void removeTakesTheApproverAndTheirSecretAwayAndSaysWhenTheSharedTokenIsBack() throws Exception {
        approver("add", "alice", "--totp", "--token-file", tokenFile.toString());

        CliRun r = approver("remove", "alice");

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(ConfigLoader.load(config, Map.of()).approvers().isEmpty());
        assertFalse(Files.exists(dir.resolve("alice.totp")));
        assertTrue(r.err().contains("No named approver is left: the shared approver token"), r::describe);
        assertEquals(ApproverCommand.REFUSED, approver("remove", "alice").exitCode());
    }

    @Test
    void anApproverOfTheConfigFileIsThatFilesToRemove() throws Exception {
        Files.writeString(config, "upstream: { host: db, user: guard }\napprovers:\n  - { name: carol, token_sha256: "
                + AdminApiFixture.sha256("t") + " }\n");

        CliRun r = approver("remove", "carol");

        assertEquals(ApproverCommand.REFUSED, r.exitCode(), r::describe);
        assertTrue(r.err().contains("approver 'carol' is defined in " + config), r::describe);
    }

    @Test
    void nothingIsWrittenWhileTheConfigurationDoesNotLoad() throws Exception {
        Files.writeString(approversFile, "approvers:\n  - { name: eve, token_sha256: nothex }\n");

        CliRun r = approver("add", "alice", "--token-file", tokenFile.toString());

        assertEquals(ExitCodes.CONFIG, r.exitCode(), r::describe);
        assertTrue(r.err().contains("token_sha256"), r::describe);
        assertFalse(Files.exists(tokenFile), "no token for an approver who does not exist");
        assertFalse(Files.readString(approversFile).contains("alice"));
    }

    private ApproverConfig loaded(String name) throws Exception {
        return ConfigLoader.load(config, Map.of()).approvers().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private CliRun approver(String... args) {
        String[] all = Stream.concat(Stream.of("approver"), Stream.concat(Stream.of(args),
                Stream.of("--config", config.toString()))).toArray(String[]::new);
        return CliRun.run("", inHome(dir.resolve("home")), all);
    }

    /** The approver commands with a home directory of the test's own, and UTF-8 output without a terminal. */
    private static Consumer<CommandLine> inHome(Path home) {
        return cl -> {
            CommandLine approver = cl.getSubcommands().get("approver");
            ApproverAddCommand add = approver.getSubcommands().get("add").getCommand();
            add.configFile.home = home;
            add.env = Map.<String, String>of()::get;
            add.terminal = false;
            add.charset = StandardCharsets.UTF_8;
            ((ApproverListCommand) approver.getSubcommands().get("list").getCommand()).configFile.home = home;
            ((ApproverRemoveCommand) approver.getSubcommands().get("remove").getCommand()).configFile.home = home;
        };
    }
}
