package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.awaitAgent;
import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.process.PgGuardProcess;
import dev.pgguard.it.support.Approver;
import dev.pgguard.it.support.PgGuardExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;

import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgguard approve} as a person uses it: the real jar in a real terminal (tmux), keys sent with
 * {@code send-keys}, the screen read with {@code capture-pane}, while an agent's statement waits in pgguard.
 * Skipped, with the reason, where tmux is not installed.
 */
class TmuxApproverIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final ExecutorService agents = Executors.newCachedThreadPool();
    private static final String SOCKET = "pgguard-it-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private final Approver human = new Approver(pgguard);
    private final List<String> sessions = new ArrayList<>();

    @BeforeAll
    static void tmuxAndJar() {
        assumeTrue(ExternalTool.onPath("tmux").isPresent(), "tmux is not on the PATH: terminal tests skipped");
        PgGuardProcess.assumeJarBuilt();
    }

    @AfterEach
    void closeTerminals() throws Exception {
        for (String s : sessions) {
            tmux("kill-session", "-t", s);
        }
    }

    @AfterAll
    static void stopAgents() throws Exception {
        agents.shutdownNow();
        new ProcessBuilder("tmux", "-L", SOCKET, "kill-server").start().waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void approveAndDenyFromTheInteractivePrompt() throws Exception {
        directly("DROP TABLE IF EXISTS held_tmux", "CREATE TABLE held_tmux (id int)",
                "INSERT INTO held_tmux VALUES (1), (2), (3)", "GRANT ALL ON held_tmux TO PUBLIC");
        String pane = terminal("approver", "");
        awaitScreen(pane, "waiting for holds");

        Connection agent = pgguard.connect();
        Statement st = agent.createStatement();
        Future<Integer> delete = agents.submit(() -> st.executeUpdate("DELETE FROM held_tmux"));
        String first = human.awaitHold();
        String screen = awaitScreen(pane, "[q]uit >");
        assertTrue(screen.contains("hold " + first), screen);
        assertTrue(screen.contains(PgGuardExtension.AGENT) && screen.contains("DELETE FROM held_tmux")
                && screen.contains("delete-without-where"), "agent, full SQL and rule on the screen:\n" + screen);
        assertTrue(capture(pane, true).contains("\u001b["), "colours on a terminal");
        tmux("send-keys", "-t", pane, "a", "Enter");
        awaitScreen(pane, "approved " + first);
        assertEquals(3, delete.get(20, TimeUnit.SECONDS), "the approved DELETE ran");

        directly("INSERT INTO held_tmux VALUES (4)");
        Future<Boolean> drop = agents.submit(() -> st.execute("DROP TABLE held_tmux"));
        String second = human.awaitHold();
        awaitScreen(pane, "hold " + second);
        awaitScreen(pane, "[q]uit >");
        tmux("send-keys", "-t", pane, "d", "Enter");
        awaitScreen(pane, "reason for denying " + second);
        tmux("send-keys", "-t", pane, "use a migration instead", "Enter");
        awaitScreen(pane, "denied " + second);
        assertTrue(assertSqlState("42501", () -> awaitAgent(drop)).getMessage().contains("use a migration instead"));
        assertEquals("1", directScalar("SELECT count(*) FROM held_tmux"), "the table and its new row are still there");

        tmux("send-keys", "-t", pane, "q", "Enter");
        awaitScreen(pane, "quit");
        agent.close();
    }

    @Test
    void noColorGivesPlainText() throws Exception {
        String pane = terminal("plain", "NO_COLOR=1");
        String screen = awaitScreen(pane, "waiting for holds");
        assertFalse(capture(pane, true).contains("\u001b["), "NO_COLOR: no escape sequences\n" + screen);
        tmux("send-keys", "-t", pane, "q", "Enter");
    }

    /** A tmux session running {@code pgguard approve} against this pgguard, with the approver token in a file. */
    private String terminal(String name, String env) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), PgGuardExtension.APPROVER_TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "env " + env + " TERM=xterm-256color " + java + " -jar " + PgGuardProcess.jar().orElseThrow()
                + " approve --admin-url http://127.0.0.1:" + pgguard.adminAddress().getPort()
                + " --token-file " + token + "; sleep 30";
        tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "50", command);
        sessions.add(name);
        return name;
    }

    /** Polls the screen until it shows {@code text} (up to 30 s); returns the screen. */
    private static String awaitScreen(String pane, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String screen = capture(pane, false);
        while (!screen.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            screen = capture(pane, false);
        }
        assertTrue(screen.contains(text), "the screen never showed '" + text + "':\n" + screen);
        return screen;
    }

    private static String capture(String pane, boolean withEscapes) throws Exception {
        return withEscapes ? tmux("capture-pane", "-p", "-e", "-S", "-200", "-t", pane)
                : tmux("capture-pane", "-p", "-S", "-200", "-t", pane);
    }

    private static String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

}
