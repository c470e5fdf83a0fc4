package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergedInputsTest {

    @Test
    void deliversEveryLineAndEventEachInItsOrderThenTheEndOfBoth() throws InterruptedException {
        Iterator<HoldEvent> script = List.of(
                HoldFixtures.parseEvent(HoldFixtures.event("held", HoldFixtures.HOLD)),
                HoldFixtures.parseEvent("{\"event\": \"heartbeat\"}")).iterator();
        HoldEvents events = new HoldEvents() {
            @Override
            public HoldEvent next() {
                return script.hasNext() ? script.next() : null;
            }

            @Override
            public void close() {
            }
        };
        AtomicLong clock = new AtomicLong();

        List<String> lines = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        boolean inputClosed = false;
        String ended = null;
        try (MergedInputs inputs = new MergedInputs(new StringReader("a\r\n\nd\nno more\n"), events,
                clock::incrementAndGet).start()) {
            while (!inputClosed || ended == null) {
                PromptInput input = inputs.next(5_000);
                if (input instanceof PromptInput.Typed t) {
                    lines.add(t.text());
                    assertTrue(t.receivedAt() > 0, "stamped when read");
                } else if (input instanceof PromptInput.Event e) {
                    kinds.add(e.event().kind());
                } else if (input instanceof PromptInput.InputClosed) {
                    inputClosed = true;
                } else if (input instanceof PromptInput.EventsEnded end) {
                    ended = end.why();
                } else {
                    throw new AssertionError("nothing arrived within 5 s");
                }
            }
            assertNull(inputs.next(50), "nothing after the ends");
        }
        assertEquals(List.of("a", "", "d", "no more"), lines);
        assertEquals(List.of("held", "heartbeat"), kinds);
        assertEquals("the admin API closed the events stream", ended);
    }

    @Test
    void aBrokenEventsStreamSaysWhy() throws InterruptedException {
        HoldEvents broken = new HoldEvents() {
            @Override
            public HoldEvent next() throws IOException {
                throw new IOException("Connection reset");
            }

            @Override
            public void close() {
            }
        };
        try (MergedInputs inputs = new MergedInputs(new StringReader(""), broken, System::nanoTime).start()) {
            PromptInput first = inputs.next(5_000);
            PromptInput second = inputs.next(5_000);
            PromptInput.EventsEnded ended = assertInstanceOf(PromptInput.EventsEnded.class,
                    first instanceof PromptInput.EventsEnded ? first : second);
            assertEquals("lost the events stream: Connection reset", ended.why());
        }
    }

    @Test
    void theEventStreamReadsNdjsonAndSkipsBlankLines() throws IOException {
        String ndjson = HoldFixtures.event("held", HoldFixtures.HOLD.replace("\n", " ")) + "\n\n"
                + "{\"event\": \"heartbeat\"}\r\n"
                + HoldFixtures.event("withdrawn", HoldFixtures.hold("k7m2qa", "withdrawn", "DROP TABLE users", "null",
                null, null));
        try (EventStream stream = new EventStream(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)))) {
            HoldEvent held = stream.next();
            assertEquals("held", held.kind());
            assertEquals("DROP TABLE users", held.hold().sql());
            assertEquals("heartbeat", stream.next().kind());
            assertEquals("withdrawn", stream.next().kind());
            assertNull(stream.next());
        }
    }
}
