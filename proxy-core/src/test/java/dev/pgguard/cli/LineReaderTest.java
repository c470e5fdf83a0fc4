package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineReaderTest {

    @Test
    void splitsAtNewlinesAndKeepsALastLineWithoutOne() throws IOException {
        assertEquals(List.of("a", "", "bc\r", "d"), read("a\n\nbc\r\nd", 100));
        assertEquals(List.of("a"), read("a\n", 100));
        assertEquals(List.of(), read("", 100));
    }

    @Test
    void aLineOverTheBoundIsDroppedAndTheNextOneIsIntact() throws IOException {
        assertEquals(List.of("12345", "<too long>", "x", "<too long>"), read("12345\n123456\nx\n1234567", 5));
    }

    @Test
    void linesLongerThanTheBufferAndThanTheInitialLineBuffer() throws IOException {
        String longLine = "y".repeat(200_000);
        assertEquals(List.of(longLine, "z"), read(longLine + "\nz\n", 1 << 20));
    }

    @Test
    void readsWhatASlowStreamHandsOverInPieces() throws IOException {
        byte[] bytes = "ab\ncd\n".getBytes(StandardCharsets.UTF_8);
        InputStream oneByteAtATime = new InputStream() {
            int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[next++];
                return 1;
            }
        };
        LineReader r = new LineReader(oneByteAtATime, 100);
        assertEquals("ab", text(r.next()));
        assertEquals("cd", text(r.next()));
        assertEquals(null, r.next());
    }

    @Test
    void blankMeansOnlySpacesTabsAndCarriageReturns() {
        assertTrue(line(" \t\r").blank());
        assertTrue(line("").blank());
        assertFalse(line(" x ").blank());
        assertFalse(new LineReader.Line(new byte[0], 0, true).blank(), "a too-long line is answered, not skipped");
    }

    private static List<String> read(String input, int max) throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
        List<String> lines = new ArrayList<>();
        for (LineReader.Line l = r.next(); l != null; l = r.next()) {
            lines.add(l.tooLong() ? "<too long>" : text(l));
        }
        return lines;
    }

    private static String text(LineReader.Line l) {
        return new String(l.bytes(), 0, l.length(), StandardCharsets.UTF_8);
    }

    private static LineReader.Line line(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new LineReader.Line(b, b.length, false);
    }
}
