package dev.pgguard.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file's lines as bytes, in order, with their byte offset and line number; the last one may be unterminated
 * (a torn tail). Bytes, not characters: the hash is over bytes, and a torn line need not be valid UTF-8.
 */
final class LineReader implements Closeable {

    /** Longer lines are skipped, not held in memory: no record of a bounded statement is near this. */
    static final int MAX_LINE = 256 * 1024 * 1024;

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[4096];
    private int length;
    private long offset;
    private long nextOffset;
    private long number;
    private boolean terminated;
    private boolean oversized;

    LineReader(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /**
     * Reads from byte {@code offset}, which must be the start of a line, numbering lines on from {@code lineNumber}
     * (the number of the line before): where a reader that follows a growing file stopped last time.
     */
    LineReader(Path file, long offset, long lineNumber) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.in = Channels.newInputStream(channel);
        this.nextOffset = offset;
        this.number = lineNumber;
    }

    /** Reads the next line; false at the end of the file. */
    boolean next() throws IOException {
        offset = nextOffset;
        length = 0;
        terminated = false;
        oversized = false;
        long total = 0;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    if (total == 0) {
                        return false;
                    }
                    number++;
                    return true;
                }
            }
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            total += chunkPos - start;
            if (total > MAX_LINE) {
                oversized = true;
            } else {
                append(start, chunkPos - start);
            }
            if (chunkPos < chunkLen) {
                chunkPos++;
                terminated = true;
                number++;
                nextOffset = offset + total + 1;
                return true;
            }
            nextOffset = offset + total;
        }
    }

    private void append(int from, int n) {
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }

    /** The line's bytes, without the newline: {@code bytes()[0 .. length())}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Byte offset of the line's first byte in the file. */
    long offset() {
        return offset;
    }

    /** Byte offset just after the line and its newline: where the next line starts. */
    long end() {
        return nextOffset;
    }

    /** 1-based line number. */
    long number() {
        return number;
    }

    /** True for a line longer than {@link #MAX_LINE}: its bytes were not kept. */
    boolean oversized() {
        return oversized;
    }

    /** False for a last line without a newline. */
    boolean terminated() {
        return terminated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
