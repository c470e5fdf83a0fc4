package dev.pgguard.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Standard input and the events stream merged into one queue, each read by a daemon thread of its own: the
 * prompt must hear that a hold was decided elsewhere while it waits for the approver to type, and a blocking
 * read of either would deafen it to the other. Lines are read whole (no raw mode), so the prompt works the same
 * over ssh, in tmux and from a pipe. Daemon threads: a read blocked on the terminal must not keep the JVM alive.
 */
final class MergedInputs implements PromptInputs, AutoCloseable {

    private final BlockingQueue<PromptInput> queue = new LinkedBlockingQueue<>();
    private final Reader typed;
    private final HoldEvents events;
    private final LongSupplier clock;
    private volatile boolean closed;

    MergedInputs(Reader typed, HoldEvents events, LongSupplier clock) {
        this.typed = typed;
        this.events = events;
        this.clock = clock;
    }

    MergedInputs start() {
        daemon("pgguard-stdin", this::readLines).start();
        daemon("pgguard-events", this::readEvents).start();
        return this;
    }

    @Override
    public PromptInput next(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(typed)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                queue.add(new PromptInput.Typed(line, clock.getAsLong()));
            }
        } catch (IOException e) {
            // a terminal that went away: the same as the end of input
        }
        queue.add(new PromptInput.InputClosed());
    }

    private void readEvents() {
        String why;
        try {
            for (HoldEvent event = events.next(); event != null; event = events.next()) {
                queue.add(new PromptInput.Event(event, clock.getAsLong()));
            }
            why = "the admin API closed the events stream";
        } catch (IOException e) {
            why = "lost the events stream: " + (e.getMessage() != null ? e.getMessage() : e.toString());
        }
        if (!closed) {
            queue.add(new PromptInput.EventsEnded(why));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            events.close(); // ends the events thread's read; the stdin thread ends with the JVM
        } catch (IOException e) {
            // nothing left to tell anyone
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
