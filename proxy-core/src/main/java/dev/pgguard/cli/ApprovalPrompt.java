package dev.pgguard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@code pgguard approve} with no id: shows the pending holds one at a time, oldest first, as the events stream
 * announces them, and asks the approver what to do with each. Line-based (a line per answer, no raw mode), so it
 * works over ssh, in tmux and with {@code TERM=dumb}. All input arrives through {@link #accept}, which makes
 * the state machine testable with scripted lines and events.
 *
 * <p>Safety rule: an approve, deny or skip applies only to the hold that was on the screen when the line was
 * typed. A line read before the hold now shown was shown (typed ahead, or typed for a hold that was decided
 * elsewhere at that moment) is ignored with a message, so nobody approves a statement they have not seen.
 */
final class ApprovalPrompt {

    /**
     * The prompt's states. Every change goes through {@link #show}, {@link #showNext}, {@link #askForCode} or
     * {@link #finish}, but for the steps from CHOOSING to REASON and back to CHOOSING.
     * <ul>
     * <li>WAITING: nothing on the screen, nothing queued (skipped holds do not count). A {@code held} event
     *     shows its hold: CHOOSING.</li>
     * <li>CHOOSING: a hold is shown with the choices. {@code a} approves it and {@code s} skips it, then the
     *     next queued hold is shown (CHOOSING) or WAITING; {@code d} asks for the reason: REASON; {@code v}
     *     shows its JSON and asks again; {@code q}: DONE.</li>
     * <li>REASON: a reason is asked for. A non-empty line denies the hold with it, then next (as for
     *     {@code a}); an empty line goes back to CHOOSING.</li>
     * <li>CODE: the approver has TOTP, and the code for the decision chosen (approve, or deny with its reason)
     *     is asked for: the API said so when the decision went without one, and from then on it is asked for
     *     first. A line of six digits sends the decision with it, then next; a code the API refuses is asked
     *     for again; an empty line goes back to CHOOSING.</li>
     * <li>DONE: quit, end of standard input, the events stream lost, the token refused. Final.</li>
     * </ul>
     * In CHOOSING and REASON, an event saying the shown hold was decided elsewhere, timed out or was withdrawn
     * says so and moves on to the next hold.
     */
    enum State { WAITING, CHOOSING, REASON, CODE, DONE }

    static final String CHOICES = "[a]pprove  [d]eny  [s]kip  [v]iew more  [q]uit";
    static final String WAITING_LINE = "waiting for holds... Ctrl-C to quit";
    /** How often {@link #run} looks at the clock when nothing happens (for {@link #tick}). */
    static final long POLL_MILLIS = 1000;

    private record Entry(HoldView hold, long receivedAt) {
        String id() {
            return hold.id();
        }
    }

    private final PrintWriter out;
    private final Ansi ansi;
    private final HoldCard card;
    private final HoldDecider decider;
    private final LongSupplier clock;
    private final long silenceLimitNanos;
    private final String url;

    /** The holds not yet shown, oldest first; neither the shown one nor skipped ones. */
    private final LinkedHashMap<String, Entry> queued = new LinkedHashMap<>();
    private final Set<String> skipped = new HashSet<>();
    private State state = State.WAITING;
    /** Whether the approver's decisions need a TOTP code (the API said so once). */
    private boolean codeNeeded;
    /** In CODE: the reason of the denial the code is for; null for an approval. */
    private String denial;
    private Entry shown;
    private long shownAt;
    private long lastWordFromServer;
    /** A question is on the screen without a line end after it: other output must start on a new line. */
    private boolean questionOpen;
    private int exitCode = ExitCodes.OK;

    /**
     * @param clock        nanoseconds, the same clock that stamps the inputs
     * @param silenceLimit how long the events stream may stay silent (it sends a heartbeat every 15 s) before the
     *                     connection is taken for dead
     * @param url          the admin API, for messages
     */
    ApprovalPrompt(PrintWriter out, Ansi ansi, HoldDecider decider, LongSupplier clock, Duration silenceLimit,
                   String url) {
        this.out = out;
        this.ansi = ansi;
        this.card = new HoldCard(ansi);
        this.decider = decider;
        this.clock = clock;
        this.silenceLimitNanos = silenceLimit.toNanos();
        this.url = url;
    }

    /** Runs until DONE; the exit code. */
    int run(PromptInputs inputs) throws InterruptedException {
        start();
        while (state != State.DONE) {
            PromptInput input = inputs.next(POLL_MILLIS);
            if (input == null) {
                tick();
            } else {
                accept(input);
            }
        }
        return exitCode;
    }

    void start() {
        lastWordFromServer = clock.getAsLong();
        say("connected to " + url + "; " + WAITING_LINE);
    }

    /** Called when nothing happened for a while: a silent events stream is a dead one. */
    void tick() {
        if (state != State.DONE && clock.getAsLong() - lastWordFromServer > silenceLimitNanos) {
            lost("no word from the admin API for " + Duration.ofNanos(silenceLimitNanos).toSeconds()
                    + " s (it sends a heartbeat every 15 s)");
        }
    }

    void accept(PromptInput input) {
        if (state == State.DONE) {
            return;
        }
        if (input instanceof PromptInput.Event e) {
            lastWordFromServer = e.receivedAt();
            onEvent(e.event(), e.receivedAt());
        } else if (input instanceof PromptInput.Typed t) {
            questionOpen = false; // the terminal echoed the line and its Enter
            onLine(t);
        } else if (input instanceof PromptInput.InputClosed) {
            say("end of input; quitting (holds not decided here stay pending)");
            finish(ExitCodes.OK);
        } else if (input instanceof PromptInput.EventsEnded ended) {
            lost(ended.why());
        }
    }

    State state() {
        return state;
    }

    int exitCode() {
        return exitCode;
    }

    // ---- events

    private void onEvent(HoldEvent event, long receivedAt) {
        HoldView hold = event.hold();
        if (hold == null || skipped.contains(hold.id())) {
            return; // a heartbeat, or a hold the approver chose to leave alone
        }
        boolean isShown = shown != null && shown.id().equals(hold.id());
        if (event.kind().equals(HoldEvent.HELD) || event.kind().equals(HoldEvent.UPDATED)) {
            Entry entry = new Entry(hold, receivedAt);
            if (isShown) {
                Entry before = shown;
                shown = entry;
                announceBlastRadius(before.hold(), hold);
            } else {
                queued.put(hold.id(), entry); // an update keeps the hold's place in the queue
                if (state == State.WAITING) {
                    showNext();
                }
            }
        } else if (event.ends()) {
            if (isShown) {
                say(ansi.yellow(endedElsewhere(event.kind(), hold)));
                showNext();
            } else {
                queued.remove(hold.id());
            }
        }
    }

    /** The figures arrived after the hold was shown: show them, then the question again. */
    private void announceBlastRadius(HoldView before, HoldView now) {
        BlastRadiusView radius = now.blastRadius();
        if (radius == null || radius.measuring() || Objects.equals(before.blastRadius(), radius)) {
            return;
        }
        say("blast radius of " + Text.shown(now.id()) + " (just measured):");
        out.print(card.blastRadius(now));
        ask();
    }

    private static String endedElsewhere(String kind, HoldView h) {
        String id = Text.shown(h.id());
        String by = h.decidedBy() == null ? "" : " by " + Text.shown(h.decidedBy());
        return switch (kind) {
            case "approved" -> id + " was approved" + by + " meanwhile; moving on";
            case "denied" -> id + " was denied" + by + " meanwhile"
                    + (h.reason() == null ? "" : " (" + Text.oneLine(h.reason(), 100) + ")") + "; moving on";
            case "timed_out" -> id + " timed out: the agent got an error (57014). `pgguard approve " + id
                    + "` within the late-approval window lets the identical statement through once. Moving on";
            default -> id + " was withdrawn (the agent cancelled it or disconnected); moving on";
        };
    }

    // ---- lines

    private void onLine(PromptInput.Typed typed) {
        String text = typed.text().strip();
        switch (state) {
            case WAITING -> onLineWhileWaiting(text);
            case CHOOSING -> onChoice(text.toLowerCase(Locale.ROOT), typed);
            case REASON -> onReason(text, typed);
            case CODE -> onCode(text, typed);
            default -> { }
        }
    }

    private void onLineWhileWaiting(String text) {
        if (text.equalsIgnoreCase("q") || text.equalsIgnoreCase("quit")) {
            quit();
        } else if (!text.isEmpty()) {
            say("nothing is waiting for a decision (q quits); " + WAITING_LINE);
        }
    }

    private void onChoice(String choice, PromptInput.Typed typed) {
        switch (choice) {
            case "" -> ask();
            case "a", "approve" -> {
                if (fresh(typed)) {
                    decide(null, null);
                }
            }
            case "d", "deny" -> {
                if (fresh(typed)) {
                    state = State.REASON;
                    ask();
                }
            }
            case "s", "skip" -> {
                if (fresh(typed)) {
                    skipped.add(shown.id());
                    say("skipped " + Text.shown(shown.id()) + ": it stays pending (pgguard pending lists it)");
                    showNext();
                }
            }
            case "v", "view", "view more" -> {
                say(pretty(shown.hold()));
                ask();
            }
            case "q", "quit" -> quit();
            default -> {
                say("unknown choice '" + Text.oneLine(choice, 20) + "'");
                ask();
            }
        }
    }

    private void onReason(String reason, PromptInput.Typed typed) {
        if (reason.isEmpty()) {
            state = State.CHOOSING;
            ask();
            return;
        }
        if (fresh(typed)) {
            decide(reason, null);
        }
    }

    private void onCode(String code, PromptInput.Typed typed) {
        if (code.isEmpty()) {
            state = State.CHOOSING;
            ask();
        } else if (!code.matches("[0-9]{6}")) {
            say("a TOTP code is the 6 digits the authenticator app shows");
            ask();
        } else if (fresh(typed)) {
            decide(denial, code);
        }
    }

    /**
     * Approves the shown hold ({@code reason} null) or denies it, with {@code code} or without; without, when the
     * approver is known to need one, the code is asked for first.
     */
    private void decide(String reason, String code) {
        if (code == null && codeNeeded) {
            askForCode(reason);
            return;
        }
        String action = reason == null ? "approve" : "deny";
        try {
            if (reason == null) {
                say(ansi.green(Decisions.line("approved", decider.approve(shown.id(), code))));
            } else {
                say(ansi.red(Decisions.line("denied", decider.deny(shown.id(), reason, code))));
            }
            showNext();
        } catch (TotpRequired e) {
            codeNeeded = true;
            if (e.refused()) {
                say(ansi.yellow("could not " + action + " " + Text.shown(shown.id()) + ": "
                        + Text.oneLine(e.getMessage(), 200)));
            }
            askForCode(reason);
        } catch (DecisionRefused refused) {
            refused(refused, action);
        } catch (AdminException e) {
            fail(e);
        }
    }

    private void askForCode(String reason) {
        denial = reason;
        state = State.CODE;
        ask();
    }

    /** A 400 is about what was sent (ask again); 404 and 409 mean the hold is no longer there to decide. */
    private void refused(DecisionRefused refused, String action) {
        String message = "could not " + action + " " + Text.shown(refused.id()) + ": "
                + Text.oneLine(refused.getMessage(), 200);
        if (refused.status() == 400) {
            say(ansi.yellow(message));
            state = State.CHOOSING;
            ask();
        } else {
            say(ansi.yellow(message + "; moving on"));
            showNext();
        }
    }

    /** Whether the line was typed while the hold now shown was on the screen (see the class comment). */
    private boolean fresh(PromptInput.Typed typed) {
        if (typed.receivedAt() >= shownAt) {
            return true;
        }
        say("ignored '" + Text.oneLine(typed.text(), 20) + "': it was typed before " + Text.shown(shown.id())
                + " was shown");
        ask();
        return false;
    }

    // ---- transitions

    private void showNext() {
        Iterator<Entry> next = queued.values().iterator();
        if (next.hasNext()) {
            Entry entry = next.next();
            next.remove();
            show(entry);
        } else {
            shown = null;
            state = State.WAITING;
            say(skipped.isEmpty() ? WAITING_LINE : WAITING_LINE + " (" + skipped.size() + " skipped)");
        }
    }

    private void show(Entry entry) {
        shown = entry;
        shownAt = clock.getAsLong();
        state = State.CHOOSING;
        long ageMs = entry.hold().ageMs() + Math.max(0, (shownAt - entry.receivedAt()) / 1_000_000);
        say("");
        out.print(card.render(entry.hold(), ageMs, queued.size()));
        ask();
    }

    private void quit() {
        say("quit; holds not decided here stay pending");
        finish(ExitCodes.OK);
    }

    private void lost(String why) {
        say("pgguard: " + why + "; is pgguard serve still running? (" + url + ")");
        finish(ExitCodes.UNAVAILABLE);
    }

    private void fail(AdminException e) {
        say("pgguard: " + e.getMessage());
        finish(e.exitCode());
    }

    private void finish(int code) {
        exitCode = code;
        state = State.DONE;
        shown = null;
        out.flush();
    }

    // ---- output

    /** The question for the current state, left open on its line for the answer. */
    private void ask() {
        if (state == State.REASON) {
            out.print("reason for denying " + Text.shown(shown.id()) + " (the agent sees it; empty line goes back) > ");
        } else if (state == State.CODE) {
            out.print("TOTP code to " + (denial == null ? "approve " : "deny ") + Text.shown(shown.id())
                    + " (empty line goes back) > ");
        } else {
            out.print(CHOICES + " > ");
        }
        out.flush();
        questionOpen = true;
    }

    private void say(String line) {
        if (questionOpen) {
            out.println();
            questionOpen = false;
        }
        out.println(line);
        out.flush();
    }

    private static String pretty(HoldView hold) {
        try {
            return HoldJson.pretty(hold.json());
        } catch (IOException e) {
            return hold.json();
        }
    }
}
