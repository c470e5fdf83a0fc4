package dev.pgguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits standard input into lines at {@code '\n'}, as bytes: UTF-8 never has that byte inside a character, and
 * left undecoded, bad UTF-8 is reported by the JSON parser for the one line it is in instead of failing the
 * stream. A line longer than the bound is read to its end and dropped, so an oversized input costs its line,
 * not the process's memory.
 */
final class LineReader {

    /**
     * One line without its {@code '\n'}. {@code bytes} is the reader's buffer: valid until the next call.
     * A line over the bound has {@code tooLong} set and no bytes.
     */
    record Line(byte[] bytes, int length, boolean tooLong) {

        /** Nothing but spaces, tabs and carriage returns. */
        boolean blank() {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return !tooLong;
        }
    }

    private static final int INITIAL_LINE = 8 * 1024;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[INITIAL_LINE];

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of input. A last line without {@code '\n'} counts. */
    Line next() throws IOException {
        if (line.length > 1024 * 1024) {
            line = new byte[INITIAL_LINE]; // one huge line does not keep its buffer for the rest of the run
        }
        int length = 0;
        boolean started = false;
        boolean tooLong = false;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n < 0) {
                    return started ? new Line(line, tooLong ? 0 : length, tooLong) : null;
                }
                position = 0;
                limit = n;
            }
            started = true;
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            int n = end - position;
            if (!tooLong) {
                if ((long) length + n > maxBytes) {
                    tooLong = true;
                } else {
                    ensureCapacity(length + n);
                    System.arraycopy(buffer, position, line, length, n);
                    length += n;
                }
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return new Line(line, tooLong ? 0 : length, tooLong);
            }
        }
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max(needed, 2L * line.length)));
        }
    }
}
