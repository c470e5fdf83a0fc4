package dev.pgguard.cli;

import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldState;
import dev.pgguard.proxy.access.Grant;
import dev.pgguard.proxy.testing.AdminApiFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * approve, deny, grant, grants and grant revoke against the real admin API ({@link AdminApiFixture}): the TOTP code
 * asked for on standard input or given with --totp, and the grant commands' answers and exit codes.
 */
class TotpAndGrantCommandsTest {

    @TempDir
    Path home;

    private AdminApiFixture api;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void approveAsksForTheCodeWhenTheApiWantsOneAndNeverShowsIt() throws Exception {
        api = AdminApiFixture.named();
        Hold hold = api.hold("DROP TABLE users");
        String code = api.aliceCode(Instant.now());

        CliRun r = run(code + "\n", "alice", "approve", hold.id());

        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("approved " + hold.id() + ": DROP TABLE users (agent ci)\n", r.out(), r::describe);
        assertTrue(r.err().contains("approver 'alice' decides with a TOTP code"), r::describe);
        assertTrue(r.err().contains("TOTP code > "), r::describe);
        assertFalse(r.err().contains(code) || r.out().contains(code), r::describe);
        assertEquals("alice", hold.decidedBy());
    }

    @Test
    void aRefusedCodeIsAskedForAgainAndNoCodeDecidesNothing() throws Exception {
        api = AdminApiFixture.named();
        Hold hold = api.hold("DROP TABLE users");

        CliRun r = run("\n", "alice", "deny", hold.id(), "--reason", "no");
        assertEquals(ExitCodes.NOPERM, r.exitCode(), r::describe);
        assertTrue(r.err().contains("no TOTP code was typed, so nothing was decided"), r::describe);

        String stale = api.aliceCode(Instant.now().minusSeconds(120));
        r = run(stale + "\n" + api.aliceCode(Instant.now()) + "\n", "alice", "deny", hold.id(), "--reason", "no");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.err().contains("pgguard: wrong TOTP code"), r::describe);
        assertEquals(HoldState.DENIED, hold.state());
    }

    @Test
    void totpOnTheCommandLineIsForOneIdAndARefusedOneIsNoPermission() throws Exception {
        api = AdminApiFixture.named();
        Hold hold = api.hold("DROP TABLE users");

        CliRun r = run("", "alice", "approve", hold.id(), "other1", "--totp", "123456");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("--totp goes with exactly one hold id"), r::describe);

        r = run("", "alice", "approve", hold.id(), "--totp", api.aliceCode(Instant.now().minusSeconds(120)));
        assertEquals(ExitCodes.NOPERM, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("pgguard: wrong TOTP code"), r::describe);
        assertEquals(HoldState.PENDING, hold.state());

        r = run("", "alice", "approve", hold.id(), "--totp", api.aliceCode(Instant.now()));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(HoldState.APPROVED, hold.state());
    }

    @Test
    void grantPrintsItsIdAndExpiryAndGrantsListsIt() throws Exception {
        api = AdminApiFixture.named();

        CliRun r = run("", "bob", "grant", "ci", "write", "--for", "30m", "--tables", "public.orders,public.order_*",
                "--reason", "backfill");

        assertEquals(0, r.exitCode(), r::describe);
        Grant grant = api.grants.live().get(0);
        assertEquals(List.of("public.orders", "public.order_*"), grant.tables());
        assertEquals("bob", grant.approver());
        assertTrue(r.out().startsWith("granted " + grant.id() + ": agent ci may write public.orders,public.order_* "
                + "until " + grant.expires() + " ("), r::describe);

        r = run("", "bob", "grants");
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("ID", r.lines().get(0).split(" ")[0]);
        assertTrue(r.lines().get(1).startsWith(grant.id() + "  ci     public.orders,public.order_*  "), r::describe);
        assertTrue(r.lines().get(1).endsWith("  bob  backfill"), r::describe);

        r = run("", "bob", "grants", "--json");
        assertTrue(r.out().startsWith("{\"grants\":[{\"id\":\"" + grant.id() + "\""), r::describe);
    }

    @Test
    void grantRevokeEndsItAndAGrantThatIsNoLongerThereIsExitOne() throws Exception {
        api = AdminApiFixture.named();
        Grant grant = api.grants.grant("ci", Duration.ofMinutes(5), List.of(), "bob", null);

        CliRun r = run("", "bob", "grant", "revoke", grant.id());
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("revoked " + grant.id() + ": agent ci may no longer write every table of its scope; its open "
                + "sessions restart read-only\n", r.out(), r::describe);

        r = run("", "bob", "grant", "revoke", grant.id());
        assertEquals(ExitCodes.NOT_ALL_DECIDED, r.exitCode(), r::describe);
        assertTrue(r.err().contains("no live grant " + grant.id()), r::describe);
        assertEquals("no live grants\n", run("", "bob", "grants").out());
    }

    @Test
    void aGrantTheApiWillNotGiveIsExitOneAndABadArgumentSixtyFour() throws Exception {
        api = AdminApiFixture.named();

        CliRun r = run("", "bob", "grant", "migrator", "write", "--for", "1h");
        assertEquals(ExitCodes.NOT_ALL_DECIDED, r.exitCode(), r::describe);
        assertEquals("pgguard: not granted: agent 'migrator' is read-write already: a write grant would change "
                + "nothing\n", r.err(), r::describe);

        for (List<String> args : List.of(List.of("grant", "ci", "read", "--for", "1h"),
                List.of("grant", "ci", "write"), List.of("grant", "ci", "write", "--for", "30"),
                List.of("grant", "ci", "write", "--for", "2d"), List.of("grant"))) {
            r = run("", "bob", args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        }
        assertTrue(api.grants.live().isEmpty());
    }

    @Test
    void grantWithTotpTakesTheCodeToo() throws Exception {
        api = AdminApiFixture.named();

        CliRun r = run("", "alice", "grant", "ci", "write", "--for", "10m", "--totp", api.aliceCode(Instant.now()));

        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("alice", api.grants.live().get(0).approver());
    }

    /** {@code pgguard ARGS --admin-url ... --token-file <approver's token>}, with {@code stdin} as typed input. */
    private CliRun run(String stdin, String approver, String... args) throws IOException {
        Path tokenFile = home.resolve(approver + ".token");
        Files.writeString(tokenFile, approver.equals("alice") ? AdminApiFixture.ALICE_TOKEN : AdminApiFixture.BOB_TOKEN);
        String[] all = Stream.concat(Stream.of(args), Stream.of("--admin-url", api.url().toString(), "--token-file",
                tokenFile.toString())).toArray(String[]::new);
        return CliRun.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), setup(stdin), all);
    }

    private Consumer<CommandLine> setup(String stdin) {
        Map<String, String> env = Map.of("USER", "tester", "HOSTNAME", "here");
        return cl -> {
            ApproveCommand approve = cl.getSubcommands().get("approve").getCommand();
            approve.env = env::get;
            approve.home = home;
            approve.terminal = false;
            approve.in = input(stdin);
            DenyCommand deny = cl.getSubcommands().get("deny").getCommand();
            deny.env = env::get;
            deny.home = home;
            deny.in = input(stdin);
            CommandLine grantLine = cl.getSubcommands().get("grant");
            GrantCommand grant = grantLine.getCommand();
            grant.env = env::get;
            grant.home = home;
            grant.in = input(stdin);
            GrantRevokeCommand revoke = grantLine.getSubcommands().get("revoke").getCommand();
            revoke.env = env::get;
            revoke.home = home;
            revoke.in = input(stdin);
            GrantsCommand grants = cl.getSubcommands().get("grants").getCommand();
            grants.env = env::get;
            grants.home = home;
        };
    }

    private static ByteArrayInputStream input(String stdin) {
        return new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }
}
