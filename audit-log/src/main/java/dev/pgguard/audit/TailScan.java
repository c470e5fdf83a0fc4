package dev.pgguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the end of an audit file says, read backwards: the last valid record (the head the chain continues
 * from) and the torn bytes after it, if any. A record is a line that ends with a newline and whose hash
 * verifies; whatever follows the last one is torn, however it looks (README.md, "Restart and torn tails").
 */
final class TailScan {

    private static final int CHUNK = 8192;

    /**
     * @param head       the last valid record, null if the file has none
     * @param torn       the bytes after the head, null if none
     * @param firstTime  the time of the file's first record, null if that line is not a valid record
     */
    record Tail(AuditLine head, Torn torn, Instant firstTime) {
    }

    /** Torn bytes: where they start, how many, their SHA-256, and whether they end with a newline. */
    record Torn(long offset, long bytes, String sha256, boolean endsWithNewline) {
    }

    private TailScan() {
    }

    static Tail scan(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(ch);
        }
    }

    private static Tail scan(FileChannel ch) throws IOException {
        long size = ch.size();
        AuditLine head = null;
        long headEnd = 0;
        // end: the exclusive end of the complete lines still to look at; bytes after the last newline are torn
        long end = size == 0 ? 0 : previousNewline(ch, size - 1) + 1;
        while (end > 0) {
            long start = end >= 2 ? previousNewline(ch, end - 2) + 1 : 0;
            if (end - 1 - start <= LineReader.MAX_LINE) {
                byte[] line = read(ch, start, (int) (end - 1 - start));
                try {
                    head = AuditLine.parse(line, 0, line.length);
                    headEnd = end;
                    break;
                } catch (AuditLineException invalid) {
                    // torn: look further back
                }
            }
            end = start;
        }
        Torn torn = null;
        if (headEnd < size) {
            torn = new Torn(headEnd, size - headEnd, sha256(ch, headEnd, size), lastByte(ch, size) == '\n');
        }
        return new Tail(head, torn, head == null ? null : firstTime(ch));
    }

    /** The offset of the last newline at or before {@code from}, or -1. */
    private static long previousNewline(FileChannel ch, long from) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = from + 1;
        while (pos > 0) {
            int n = (int) Math.min(CHUNK, pos);
            buf.clear().limit(n);
            readFully(ch, buf, pos - n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos - n + i;
                }
            }
            pos -= n;
        }
        return -1;
    }

    private static Instant firstTime(FileChannel ch) throws IOException {
        long nl = nextNewline(ch);
        if (nl < 0 || nl > LineReader.MAX_LINE) {
            return null;
        }
        byte[] line = read(ch, 0, (int) nl);
        try {
            return Instant.parse(AuditLine.parse(line, 0, line.length).time());
        } catch (AuditLineException | DateTimeParseException e) {
            return null;
        }
    }

    private static long nextNewline(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long size = ch.size();
        for (long pos = 0; pos < size; pos += CHUNK) {
            buf.clear().limit((int) Math.min(CHUNK, size - pos));
            readFully(ch, buf, pos);
            for (int i = 0; i < buf.limit(); i++) {
                if (buf.get(i) == '\n') {
                    return pos + i;
                }
            }
        }
        return -1;
    }

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        readFully(ch, buf, pos);
        return buf.array();
    }

    private static int lastByte(FileChannel ch, long size) throws IOException {
        return read(ch, size - 1, 1)[0];
    }

    private static String sha256(FileChannel ch, long from, long to) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        for (long pos = from; pos < to; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
            readFully(ch, buf, pos);
            buf.flip();
            sha.update(buf);
            pos += buf.limit();
        }
        return Sha256.hex(sha.digest());
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("file shrank while it was read");
            }
        }
    }
}
