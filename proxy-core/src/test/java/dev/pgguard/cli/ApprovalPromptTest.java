package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interactive prompt fed with scripted lines and events, in the order a test chooses. The clock advances by
 * one on every reading, so an input made (stamped) before the prompt showed a hold counts as typed before it.
 */
class ApprovalPromptTest {

    private static final String URL = "http://127.0.0.1:6433";
    private static final String ASK = ApprovalPrompt.CHOICES + " > ";
    private static final String BLAST_PENDING = "{\"status\": \"pending\"}";

    private final AtomicLong clock = new AtomicLong();
    private final StringWriter screen = new StringWriter();
    private final ScriptedDecider decider = new ScriptedDecider();
    private final ApprovalPrompt prompt = new ApprovalPrompt(new PrintWriter(screen), Ansi.of(false, (String) null),
            decider, clock::incrementAndGet, Duration.ofSeconds(45), URL);
    private int seen;

    @Test
    void showsAHoldInFullAndAsks() {
        prompt.start();
        assertEquals("connected to " + URL + "; " + ApprovalPrompt.WAITING_LINE + "\n", shown());

        prompt.accept(event("held", HoldFixtures.HOLD));

        assertEquals("""

                hold k7m2qa
                  agent         claude
                  database      app
                  session       s-12, client 127.0.0.1:51234
                  waiting       1s, 58s left
                  sql
                    DROP TABLE users
                  rules         drop (hold): DROP TABLE users removes the table and its data
                  parameters    $1 = '42'
                                $2 = NULL
                                $3 = '\\x0102'
                  blast radius  users: ~120k rows, 9 MB; cascades 1
                                cascades to view public.active_users
                                rows are estimates from pg_class statistics
                """ + ASK, shown());
        assertEquals(ApprovalPrompt.State.CHOOSING, prompt.state());
    }

    @Test
    void approveDecidesTheShownHoldThenShowsTheNextOneThenWaits() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        shown();

        prompt.accept(typed("a"));

        String out = shown();
        assertTrue(out.startsWith("approved aaa111: DELETE FROM logs (agent claude)\n\nhold bbb222\n"), out);
        assertTrue(out.endsWith(ASK), out);
        prompt.accept(typed("approve"));
        assertEquals("approved bbb222: TRUNCATE audit (agent claude)\n" + ApprovalPrompt.WAITING_LINE + "\n", shown());
        assertEquals(List.of("approve aaa111", "approve bbb222"), decider.calls);
        assertEquals(ApprovalPrompt.State.WAITING, prompt.state());
    }

    @Test
    void theCardSaysHowManyMoreAreWaiting() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        prompt.accept(held("ccc333", "DROP TABLE x"));
        shown();

        prompt.accept(typed("a"));

        assertTrue(shown().contains("hold bbb222  (1 more waiting)\n"));
    }

    @Test
    void denyAsksForAReasonAndAnEmptyReasonGoesBack() {
        prompt.start();
        prompt.accept(held("k7m2qa", "DROP TABLE users"));
        shown();

        prompt.accept(typed("d"));
        assertEquals("reason for denying k7m2qa (the agent sees it; empty line goes back) > ", shown());
        assertEquals(ApprovalPrompt.State.REASON, prompt.state());
        prompt.accept(typed("  "));
        assertEquals(ASK, shown());
        assertEquals(ApprovalPrompt.State.CHOOSING, prompt.state());
        prompt.accept(typed("D"));
        prompt.accept(typed("  use a migration, not DROP  "));

        assertEquals(List.of("deny k7m2qa: use a migration, not DROP"), decider.calls);
        assertTrue(shown().endsWith("denied k7m2qa: DROP TABLE users (agent claude)\n"
                + ApprovalPrompt.WAITING_LINE + "\n"));
    }

    @Test
    void anApproverWithTotpIsAskedForTheCodeOnceTheApiWantsItAndFromThenOnFirst() {
        decider.code = "123456";
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        shown();

        prompt.accept(typed("a"));
        assertEquals("TOTP code to approve aaa111 (empty line goes back) > ", shown());
        assertEquals(ApprovalPrompt.State.CODE, prompt.state());
        prompt.accept(typed("123456"));
        assertTrue(shown().startsWith("approved aaa111: DELETE FROM logs (agent claude)\n"));

        prompt.accept(typed("a"));
        assertEquals("TOTP code to approve bbb222 (empty line goes back) > ", shown(), "asked before it is sent");
        assertEquals(List.of("approve aaa111", "approve aaa111 with 123456"), decider.calls);
    }

    @Test
    void aRefusedCodeIsAskedForAgainAndAnEmptyLineGoesBack() {
        decider.code = "123456";
        prompt.start();
        prompt.accept(held("k7m2qa", "DROP TABLE users"));
        prompt.accept(typed("d"));
        prompt.accept(typed("use a migration"));
        shown();

        prompt.accept(typed("654321"));
        assertEquals("could not deny k7m2qa: wrong TOTP code (is the clock of this machine or of the phone off?); "
                + "nothing was decided\nTOTP code to deny k7m2qa (empty line goes back) > ", shown());
        prompt.accept(typed("12345"));
        assertEquals("a TOTP code is the 6 digits the authenticator app shows\n"
                + "TOTP code to deny k7m2qa (empty line goes back) > ", shown(), "not sent: it cannot be one");
        prompt.accept(typed(""));
        assertEquals(ASK, shown());
        assertEquals(ApprovalPrompt.State.CHOOSING, prompt.state());
        prompt.accept(typed("d"));
        prompt.accept(typed("use a migration"));
        prompt.accept(typed("123456"));

        assertTrue(shown().endsWith("denied k7m2qa: DROP TABLE users (agent claude)\n"
                + ApprovalPrompt.WAITING_LINE + "\n"));
        assertEquals(List.of("deny k7m2qa: use a migration", "deny k7m2qa: use a migration with 654321",
                "deny k7m2qa: use a migration with 123456"), decider.calls);
    }

    @Test
    void aHoldDecidedElsewhereWhileShownIsReportedAndTheNextOneShown() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        shown();

        prompt.accept(event("approved", HoldFixtures.hold("aaa111", "approved", "DELETE FROM logs", "null",
                "bob@laptop", null)));

        String out = shown();
        assertTrue(out.startsWith("\naaa111 was approved by bob@laptop meanwhile; moving on\n\nhold bbb222\n"),
                "the message starts on a line of its own, after the open question: " + out);
        prompt.accept(event("denied", HoldFixtures.hold("bbb222", "denied", "TRUNCATE audit", "null", "carol@ci",
                "keep the audit trail")));
        assertEquals("\nbbb222 was denied by carol@ci meanwhile (keep the audit trail); moving on\n"
                + ApprovalPrompt.WAITING_LINE + "\n", shown());
        assertEquals(List.of(), decider.calls);
    }

    @Test
    void aHoldThatTimesOutOrIsWithdrawnWhileShownSaysSo() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        prompt.accept(typed("d")); // even while the reason is asked for
        shown();

        prompt.accept(event("timed_out", HoldFixtures.hold("aaa111", "timed_out", "DELETE FROM logs", "null", null, null)));
        String out = shown();
        assertTrue(out.contains("aaa111 timed out: the agent got an error (57014). `pgguard approve aaa111` within "
                + "the late-approval window lets the identical statement through once. Moving on\n"), out);
        assertTrue(out.contains("hold bbb222"), out);

        prompt.accept(event("withdrawn", HoldFixtures.hold("bbb222", "withdrawn", "TRUNCATE audit", "null", null, null)));
        assertTrue(shown().startsWith("\nbbb222 was withdrawn (the agent cancelled it or disconnected); moving on\n"));
        assertEquals(ApprovalPrompt.State.WAITING, prompt.state());
    }

    @Test
    void aQueuedHoldThatEndsElsewhereIsDroppedQuietly() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        shown();

        prompt.accept(event("withdrawn", HoldFixtures.hold("bbb222", "withdrawn", "TRUNCATE audit", "null", null, null)));
        assertEquals("", shown());
        prompt.accept(typed("a"));

        assertEquals("approved aaa111: DELETE FROM logs (agent claude)\n" + ApprovalPrompt.WAITING_LINE + "\n", shown());
    }

    @Test
    void theBlastRadiusIsShownWhenItArrivesAfterTheHold() {
        prompt.start();
        prompt.accept(event("held", HoldFixtures.hold("k7m2qa", "DROP TABLE users", BLAST_PENDING)));
        assertTrue(shown().contains("  blast radius  measuring...\n"));

        prompt.accept(event("updated", HoldFixtures.hold("k7m2qa", "DROP TABLE users", BLAST_PENDING)));
        assertEquals("", shown(), "nothing new: still measuring");
        prompt.accept(event("updated", HoldFixtures.hold("k7m2qa", "DROP TABLE users", HoldFixtures.BLAST_RADIUS)));

        assertEquals("""

                blast radius of k7m2qa (just measured):
                  blast radius  users: ~120k rows, 9 MB; cascades 1
                                cascades to view public.active_users
                                rows are estimates from pg_class statistics
                """ + ASK, shown());
        prompt.accept(event("updated", HoldFixtures.hold("k7m2qa", "DROP TABLE users", HoldFixtures.BLAST_RADIUS)));
        assertEquals("", shown(), "the same figures again are not news");
    }

    @Test
    void aQueuedHoldIsShownWithTheFiguresThatArrivedWhileItWaited() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(event("held", HoldFixtures.hold("bbb222", "DROP TABLE users", BLAST_PENDING)));
        prompt.accept(event("updated", HoldFixtures.hold("bbb222", "DROP TABLE users", HoldFixtures.BLAST_RADIUS)));
        shown();

        prompt.accept(typed("a"));

        assertTrue(shown().contains("hold bbb222\n"));
        assertTrue(screen.toString().contains("  blast radius  users: ~120k rows"));
    }

    @Test
    void aLineTypedBeforeTheShownHoldWasShownDecidesNothing() {
        prompt.start();
        PromptInput typedAhead = typed("a");
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        shown();

        prompt.accept(typedAhead);

        assertEquals("ignored 'a': it was typed before aaa111 was shown\n" + ASK, shown());
        assertEquals(List.of(), decider.calls);
    }

    @Test
    void aDoubleAnswerDoesNotDecideTheNextHoldUnseen() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        PromptInput first = typed("a");
        PromptInput second = typed("a"); // "a", Enter, "a", Enter: both read before bbb222 is on the screen

        prompt.accept(first);
        prompt.accept(second);

        assertEquals(List.of("approve aaa111"), decider.calls);
        assertTrue(shown().endsWith("ignored 'a': it was typed before bbb222 was shown\n" + ASK));
    }

    @Test
    void skipLeavesTheHoldPendingAndDoesNotShowItAgain() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        shown();

        prompt.accept(typed("s"));
        assertEquals("skipped aaa111: it stays pending (pgguard pending lists it)\n"
                + ApprovalPrompt.WAITING_LINE + " (1 skipped)\n", shown());
        prompt.accept(event("updated", HoldFixtures.hold("aaa111", "DELETE FROM logs", HoldFixtures.BLAST_RADIUS)));

        assertEquals("", shown());
        assertEquals(ApprovalPrompt.State.WAITING, prompt.state());
        assertEquals(List.of(), decider.calls);
    }

    @Test
    void viewMoreShowsTheWholeHoldAsJsonThenAsksAgain() {
        prompt.start();
        prompt.accept(event("held", HoldFixtures.HOLD));
        shown();

        prompt.accept(typed("v"));

        String out = shown();
        assertTrue(out.startsWith("{\n"), out);
        assertTrue(out.contains("  \"sql\" : \"DROP TABLE users\",\n"), out);
        assertTrue(out.contains("\"rows_affected\" : 120000"), out);
        assertTrue(out.endsWith("}\n" + ASK), out);
    }

    @Test
    void anUnknownOrEmptyAnswerAsksAgain() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        shown();

        prompt.accept(typed("yes"));
        assertEquals("unknown choice 'yes'\n" + ASK, shown());
        prompt.accept(typed(""));
        assertEquals(ASK, shown());
        assertEquals(List.of(), decider.calls);
    }

    @Test
    void aHoldAlreadyDecidedWhenApprovedIsReportedAndSkipped() {
        decider.refusals.put("aaa111", new DecisionRefused("aaa111", 409, "hold aaa111 is already approved"));
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        prompt.accept(held("bbb222", "TRUNCATE audit"));
        shown();

        prompt.accept(typed("a"));

        assertTrue(shown().startsWith("could not approve aaa111: hold aaa111 is already approved; moving on\n\n"
                + "hold bbb222\n"));
    }

    @Test
    void quitAndTheEndOfInputLeaveTheHoldsPendingAndExitZero() {
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));
        shown();
        prompt.accept(typed("q"));
        assertEquals("quit; holds not decided here stay pending\n", shown());
        assertEquals(ApprovalPrompt.State.DONE, prompt.state());
        assertEquals(ExitCodes.OK, prompt.exitCode());

        ApprovalPrompt other = newPrompt();
        other.start();
        other.accept(new PromptInput.InputClosed());
        assertEquals(ApprovalPrompt.State.DONE, other.state());
        assertEquals(ExitCodes.OK, other.exitCode());
        assertTrue(screen.toString().endsWith("end of input; quitting (holds not decided here stay pending)\n"));
    }

    @Test
    void losingTheEventsStreamEndsThePromptWithUnavailable() {
        prompt.start();
        prompt.accept(new PromptInput.EventsEnded("the admin API closed the events stream"));

        assertEquals(ExitCodes.UNAVAILABLE, prompt.exitCode());
        assertTrue(shown().endsWith("pgguard: the admin API closed the events stream; is pgguard serve still running? ("
                + URL + ")\n"));
    }

    @Test
    void aSilentEventsStreamIsTakenForDeadAfterTheLimit() {
        prompt.start();
        prompt.accept(new PromptInput.Event(HoldFixtures.parseEvent("{\"event\": \"heartbeat\"}"), clock.incrementAndGet()));
        clock.addAndGet(Duration.ofSeconds(44).toNanos());
        prompt.tick();
        assertEquals(ApprovalPrompt.State.WAITING, prompt.state());

        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        prompt.tick();

        assertEquals(ApprovalPrompt.State.DONE, prompt.state());
        assertEquals(ExitCodes.UNAVAILABLE, prompt.exitCode());
        assertTrue(shown().contains("no word from the admin API for 45 s (it sends a heartbeat every 15 s)"));
    }

    @Test
    void aRefusedTokenEndsThePromptWithNoPermission() {
        decider.failure = new AdminException(ExitCodes.NOPERM, "the admin API refused the approver token (HTTP 401)");
        prompt.start();
        prompt.accept(held("aaa111", "DELETE FROM logs"));

        prompt.accept(typed("a"));

        assertEquals(ExitCodes.NOPERM, prompt.exitCode());
        assertTrue(shown().endsWith("pgguard: the admin API refused the approver token (HTTP 401)\n"));
    }

    @Test
    void runTakesItsInputsOneByOneUntilDone() throws InterruptedException {
        List<PromptInput> script = new ArrayList<>();
        script.add(held("aaa111", "DELETE FROM logs"));
        script.add(null); // a poll that timed out: nothing happens
        Iterator<PromptInput> inputs = script.iterator();
        List<String> answers = new ArrayList<>(List.of("a", "q"));

        int exit = prompt.run(timeout -> inputs.hasNext() ? inputs.next()
                : answers.isEmpty() ? new PromptInput.InputClosed() : typed(answers.remove(0)));

        assertEquals(ExitCodes.OK, exit);
        assertEquals(List.of("approve aaa111"), decider.calls);
        assertTrue(screen.toString().endsWith("approved aaa111: DELETE FROM logs (agent claude)\n"
                + ApprovalPrompt.WAITING_LINE + "\nquit; holds not decided here stay pending\n"), screen.toString());
    }

    @Test
    void withoutColourNothingButTextReachesTheScreen() {
        prompt.start();
        prompt.accept(event("held", HoldFixtures.HOLD));
        prompt.accept(typed("a"));

        assertFalse(screen.toString().contains("\u001b"));
    }

    // ---- the script

    private ApprovalPrompt newPrompt() {
        return new ApprovalPrompt(new PrintWriter(screen), Ansi.of(false, (String) null), decider,
                clock::incrementAndGet, Duration.ofSeconds(45), URL);
    }

    private PromptInput.Typed typed(String line) {
        return new PromptInput.Typed(line, clock.incrementAndGet());
    }

    private PromptInput.Event held(String id, String sql) {
        decider.sql.put(id, sql);
        return event("held", HoldFixtures.hold(id, sql, "null"));
    }

    private PromptInput.Event event(String kind, String holdJson) {
        HoldView hold = HoldFixtures.parse(holdJson);
        decider.sql.putIfAbsent(hold.id(), hold.sql());
        return new PromptInput.Event(HoldFixtures.parseEvent(HoldFixtures.event(kind, holdJson)), clock.incrementAndGet());
    }

    /** What the screen got since the last call. */
    private String shown() {
        String all = screen.toString();
        String fresh = all.substring(seen);
        seen = all.length();
        return fresh;
    }

    /** The admin API's answers to decisions, scripted: the decided hold, or a refusal, or a failure. */
    private static final class ScriptedDecider implements HoldDecider {
        final List<String> calls = new ArrayList<>();
        final Map<String, String> sql = new HashMap<>();
        final Map<String, DecisionRefused> refusals = new HashMap<>();
        AdminException failure;
        /** The approver's TOTP code the API wants with each decision; null: none needed. */
        String code;

        @Override
        public HoldView approve(String id, String totp) throws AdminException, DecisionRefused, TotpRequired {
            calls.add("approve " + id + (totp == null ? "" : " with " + totp));
            return answer(id, "approved", null, totp);
        }

        @Override
        public HoldView deny(String id, String reason, String totp)
                throws AdminException, DecisionRefused, TotpRequired {
            calls.add("deny " + id + ": " + reason + (totp == null ? "" : " with " + totp));
            return answer(id, "denied", reason, totp);
        }

        private HoldView answer(String id, String state, String reason, String totp)
                throws AdminException, DecisionRefused, TotpRequired {
            if (code != null && totp == null) {
                throw new TotpRequired("approver 'alice' decides with a TOTP code", false);
            }
            if (code != null && !code.equals(totp)) {
                throw new TotpRequired("wrong TOTP code (is the clock of this machine or of the phone off?); "
                        + "nothing was decided", true);
            }
            if (failure != null) {
                throw failure;
            }
            if (refusals.containsKey(id)) {
                throw refusals.get(id);
            }
            return HoldFixtures.parse(HoldFixtures.hold(id, state, sql.get(id), "null", "me@here", reason));
        }
    }
}
