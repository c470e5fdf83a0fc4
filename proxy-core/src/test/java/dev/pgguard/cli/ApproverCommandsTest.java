package dev.pgguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pending, approve and deny up to the admin API: arguments, settings, and an API that is not there. Talking to
 * a real one is the end-to-end tests' part (src-it), with a real pgguard and a real held session.
 */
class ApproverCommandsTest {

    @TempDir
    Path home;

    @Test
    void denyWithoutAReasonIsAUsageError() {
        CliRun r = run("deny", "k7m2qa");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("Missing required option: '--reason=TEXT'"), r::describe);

        r = run("deny", "k7m2qa", "--reason", "  ");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("--reason must not be empty"), r::describe);

        r = run("deny", "--reason", "no");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
    }

    @Test
    void somethingThatIsNotAHoldIdIsAUsageErrorBeforeAnythingIsDecided() {
        CliRun r = run("approve", "k7m2qa", "../../health");

        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("not a hold id: '../../health'"), r::describe);
    }

    @Test
    void theInteractivePromptHasNoJson() {
        CliRun r = run("approve", "--json");

        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("--json needs hold ids"), r::describe);
    }

    @Test
    void anAdminApiThatIsNotThereIsUnavailableAndSaysWhatWasTried() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();
        for (List<String> args : List.of(List.of("pending"), List.of("approve", "k7m2qa"),
                List.of("deny", "k7m2qa", "--reason", "no"), List.of("approve"))) {
            CliRun r = run(concat(args, "--admin-url", url));

            assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r::describe);
            assertEquals("pgguard: cannot reach the admin API (connection refused): is pgguard serve running? tried "
                    + url + "\n", r.err(), r::describe);
            assertEquals("", r.out(), r::describe);
        }
    }

    @Test
    void noTokenIsNoPermissionAndTheTokenIsNeverPrinted() throws IOException {
        CliRun r = CliRun.run("", setup(Map.of()), "pending", "--config", CliRun.writeConfig(home, ""));

        assertEquals(ExitCodes.NOPERM, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("pgguard: no approver token: give --token-file FILE"), r::describe);

        String url = "http://127.0.0.1:" + closedPort();
        r = run("pending", "--admin-url", url);
        assertFalse((r.out() + r.err()).contains("s3cr3t-token"), r::describe);
    }

    @Test
    void aConfigurationErrorExitsSeventyEight() throws IOException {
        CliRun r = CliRun.run("", setup(Map.of()), "pending", "--config",
                CliRun.writeConfig(home, "admin:\n  port: many\n"));

        assertEquals(ExitCodes.CONFIG, r.exitCode(), r::describe);
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun r = run("approve", "--help");

        assertEquals(0, r.exitCode());
        for (String code : List.of("0 ", "1 ", "64", "69", "77", "78")) {
            assertTrue(r.out().contains("\n  " + code), code + " missing in\n" + r.out());
        }
    }

    @Test
    void eachIdIsReportedAndARefusedOneDoesNotStopTheOthers() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Decisions decisions = new Decisions(new PrintWriter(out), new PrintWriter(err), false);

        int exit = decisions.run(List.of("aaa111", "gone00", "bbb222"), "approved", id -> {
            if (id.equals("gone00")) {
                throw new DecisionRefused(id, 404, "no hold gone00");
            }
            return HoldFixtures.parse(HoldFixtures.hold(id, "approved", "DROP TABLE t_" + id, "null", "me@here", null));
        });

        assertEquals(ExitCodes.NOT_ALL_DECIDED, exit);
        assertEquals("approved aaa111: DROP TABLE t_aaa111 (agent claude)\n"
                + "approved bbb222: DROP TABLE t_bbb222 (agent claude)\n", out.toString());
        assertEquals("pgguard: gone00: no hold gone00\n", err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void withJsonEachIdIsOneJsonObjectPerLine() throws Exception {
        StringWriter out = new StringWriter();
        Decisions decisions = new Decisions(new PrintWriter(out), new PrintWriter(new StringWriter()), true);

        int exit = decisions.run(List.of("k7m2qa", "dup000"), "denied", id -> {
            if (id.equals("dup000")) {
                throw new DecisionRefused(id, 409, "already approved");
            }
            return HoldFixtures.parse(HoldFixtures.HOLD.replace("\"pending\"", "\"denied\""));
        });

        assertEquals(ExitCodes.NOT_ALL_DECIDED, exit);
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertEquals("denied", JsonTree.object(lines.get(0)).get("state"));
        assertEquals(JsonTree.parse(HoldFixtures.HOLD.replace("\"pending\"", "\"denied\"")), JsonTree.parse(lines.get(0)));
        assertEquals(Map.of("id", "dup000", "status", new java.math.BigDecimal(409), "error", "already approved"),
                JsonTree.object(lines.get(1)));
    }

    @Test
    void aLateApprovalSaysWhatItDoes() {
        HoldView late = HoldFixtures.parse(HoldFixtures.hold("k7m2qa", "timed_out", "DROP TABLE users", "null",
                "me@here", null));

        assertEquals("approved k7m2qa: DROP TABLE users (agent claude); it had timed out: the agent's identical "
                + "statement may run once within the late-approval window", Decisions.line("approved", late));
        HoldView withDeadline = HoldFixtures.parse(HoldFixtures.hold("k7m2qa", "timed_out", "DROP TABLE users", "null",
                "me@here", null).replace("\"reason\": null", "\"reason\": null, \"pre_authorised_until\": \"2026-11-25T10:11:00Z\""));
        assertEquals("approved k7m2qa: DROP TABLE users (agent claude); it had timed out: the agent's identical "
                + "statement may run once until 2026-11-25T10:11:00Z", Decisions.line("approved", withDeadline));
    }

    private CliRun run(String... args) {
        return CliRun.run("", setup(Map.of(AdminOptions.TOKEN_ENV, "s3cr3t-token")), args);
    }

    private CliRun run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** The approver's commands with this environment, this home, and no terminal. */
    private Consumer<CommandLine> setup(Map<String, String> env) {
        return cl -> {
            PendingCommand pending = cl.getSubcommands().get("pending").getCommand();
            pending.env = env::get;
            pending.home = home;
            pending.terminal = false;
            ApproveCommand approve = cl.getSubcommands().get("approve").getCommand();
            approve.env = env::get;
            approve.home = home;
            approve.terminal = false;
            approve.in = java.io.InputStream.nullInputStream();
            DenyCommand deny = cl.getSubcommands().get("deny").getCommand();
            deny.env = env::get;
            deny.home = home;
        };
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free now, and nothing listens once it is closed
        }
    }

    private static List<String> concat(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toList();
    }
}
