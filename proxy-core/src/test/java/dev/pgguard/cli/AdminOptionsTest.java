package dev.pgguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminOptionsTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @Test
    void defaultsToLoopbackAndTheTokenFileServeCreates() throws Exception {
        Path home = home("from-home\n");

        AdminTarget target = resolve(home, "--config", config(""));

        assertEquals(URI.create("http://127.0.0.1:6433"), target.url());
        assertEquals("from-home", target.token().reveal(), "the file's line end is not part of the token");
        assertEquals(home.resolve(".pgguard/approver.token").toString(), target.tokenSource());
    }

    @Test
    void theUrlComesFromTheOptionThenTheEnvironmentThenTheConfiguration() throws Exception {
        Path home = home("t");
        String config = config("admin:\n  host: 0.0.0.0\n  port: 7000\n");

        assertEquals(URI.create("http://127.0.0.1:7000"), resolve(home, "--config", config).url(),
                "a listener on every address is reached on loopback");
        env.put(AdminOptions.URL_ENV, "http://10.0.0.5:6433/");
        assertEquals(URI.create("http://10.0.0.5:6433"), resolve(home, "--config", config).url());
        assertEquals(URI.create("https://admin.example:8443/pgguard"),
                resolve(home, "--config", config, "--admin-url", "https://admin.example:8443/pgguard/").url());
    }

    @Test
    void theTokenComesFromTheOptionThenTheEnvironmentThenTheConfigurationThenHome() throws Exception {
        Path home = home("from-home");
        Path configured = secretFile("configured.token", "from-config");
        String config = config("approvals:\n  token_file: " + configured + "\n");
        Path given = secretFile("given.token", "from-option");

        assertEquals("from-config", resolve(home, "--config", config).token().reveal());
        env.put(AdminOptions.TOKEN_ENV, "from-env");
        AdminTarget fromEnv = resolve(home, "--config", config);
        assertEquals("from-env", fromEnv.token().reveal());
        assertEquals("$PGGUARD_APPROVER_TOKEN", fromEnv.tokenSource());
        assertEquals("from-option", resolve(home, "--config", config, "--token-file", given.toString()).token().reveal());
    }

    @Test
    void theConfigurationIsNotReadWhenTheOptionsAndEnvironmentSayEverything() throws Exception {
        env.put(AdminOptions.TOKEN_ENV, "t");
        String broken = config("listen: [not, a, mapping]\n");

        AdminTarget target = resolve(dir, "--config", broken, "--admin-url", "http://127.0.0.1:9");

        assertEquals(URI.create("http://127.0.0.1:9"), target.url());
    }

    @Test
    void noTokenAnywhereIsNoPermissionAndSaysWhereToPutOne() throws Exception {
        AdminException e = assertThrows(AdminException.class, () -> resolve(dir, "--config", config("")));

        assertEquals(ExitCodes.NOPERM, e.exitCode());
        assertTrue(e.getMessage().contains("--token-file"), e.getMessage());
        assertTrue(e.getMessage().contains(AdminOptions.TOKEN_ENV), e.getMessage());
        assertTrue(e.getMessage().contains(".pgguard/approver.token"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingOrMalformedTokenIsRefusedWithoutShowingIt() throws Exception {
        Path empty = secretFile("empty.token", "\n");
        Path malformed = secretFile("bad.token", "s3cr3t-part one\r\nsecond line");

        AdminException e = assertThrows(AdminException.class,
                () -> resolve(dir, "--config", config(""), "--token-file", empty.toString()));
        assertEquals(ExitCodes.NOPERM, e.exitCode());
        assertTrue(e.getMessage().endsWith("is empty"), e.getMessage());
        e = assertThrows(AdminException.class,
                () -> resolve(dir, "--config", config(""), "--token-file", dir.resolve("nope").toString()));
        assertTrue(e.getMessage().endsWith("does not exist"), e.getMessage());
        e = assertThrows(AdminException.class,
                () -> resolve(dir, "--config", config(""), "--token-file", malformed.toString()));
        assertEquals(ExitCodes.NOPERM, e.exitCode());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertEquals("****", resolve(home("t"), "--config", config("")).token().toString());
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        env.put(AdminOptions.TOKEN_ENV, "t");
        for (String url : new String[] {"127.0.0.1:6433", "ftp://host/", "http://", "http://a b"}) {
            AdminException e = assertThrows(AdminException.class, () -> resolve(dir, "--admin-url", url), url);
            assertEquals(ExitCodes.USAGE, e.exitCode(), url);
            assertTrue(e.getMessage().startsWith("--admin-url"), e.getMessage());
        }
    }

    @Test
    void ipv6HostsAreBracketed() {
        assertEquals("[::1]", AdminOptions.hostInUrl("::"));
        assertEquals("[fe80::1]", AdminOptions.hostInUrl("fe80::1"));
        assertEquals("[::1]", AdminOptions.hostInUrl("[::1]"));
        assertEquals("localhost", AdminOptions.hostInUrl("localhost"));
    }

    private AdminTarget resolve(Path home, String... args) throws Exception {
        AdminOptions options = CommandLine.populateCommand(new AdminOptions(), args);
        return options.resolve(env::get, home);
    }

    private String config(String yaml) throws IOException {
        return CliRun.writeConfig(Files.createTempDirectory(dir, "config"), yaml);
    }

    private Path home(String token) throws IOException {
        Path home = Files.createTempDirectory(dir, "home");
        Files.createDirectories(home.resolve(".pgguard"));
        Files.writeString(home.resolve(".pgguard/approver.token"), token);
        return home;
    }

    private Path secretFile(String name, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
