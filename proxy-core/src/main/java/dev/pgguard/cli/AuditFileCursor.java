package dev.pgguard.cli;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * One audit file read line by line from where the last read stopped, so that it can be read to its end now and
 * again later when more was written ({@code tail -f}). Only complete lines (ending with {@code '\n'}) are given
 * out; bytes after the last newline wait for the rest of their line, or for {@link #finish} to call them torn.
 *
 * <p>A {@link RandomAccessFile}, not a {@code FileChannel}: interrupting the thread (how a follow is stopped) must
 * not close the file under a read. The file key (the inode on Linux) is what says the live file was renamed
 * away and a new one created in its place.
 */
final class AuditFileCursor implements Closeable {

    /** One line without its {@code '\n'}; {@code bytes} is the cursor's buffer, valid until the next line. */
    record Line(Path file, long number, byte[] bytes, int length, boolean complete, boolean tooLong) {
    }

    @FunctionalInterface
    interface Sink {
        void line(Line line) throws IOException;
    }

    private static final int OPEN_ATTEMPTS = 5;

    private final Path path;
    private final RandomAccessFile file;
    private final Object key;
    private final byte[] chunk = new byte[64 * 1024];
    private byte[] pending = new byte[8 * 1024];
    private int pendingLength;
    private boolean tooLong;
    private long position;
    private long lineNumber;

    private AuditFileCursor(Path path, RandomAccessFile file, Object key) {
        this.path = path;
        this.file = file;
        this.key = key;
    }

    /**
     * Opens the file at its start; lines are bounded by {@link CliJson#MAX_LINE_BYTES}. The key is taken before
     * and after opening and must agree, so that a rotation in between cannot pair the new file's key with the old
     * file's content.
     *
     * @throws NoSuchFileException when there is no such file (also while the writer is between rename and create)
     */
    static AuditFileCursor open(Path path) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Object before = fileKey(path);
            RandomAccessFile file;
            try {
                file = new RandomAccessFile(path.toFile(), "r");
            } catch (FileNotFoundException e) {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString());
                }
                throw e; // there, but not readable: say why
            }
            Object after = fileKeyOrNull(path);
            if (Objects.equals(before, after) || attempt == OPEN_ATTEMPTS) {
                return new AuditFileCursor(path, file, after);
            }
            file.close();
        }
    }

    /** The file's key (inode), null where the file system has none. */
    static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** As {@link #fileKey}, and null when the file is not there. */
    static Object fileKeyOrNull(Path path) throws IOException {
        try {
            return fileKey(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Every line of the file as it is now, the last one even without its newline (see {@link #finish}). */
    static void readAll(Path path, Sink sink) throws IOException {
        try (AuditFileCursor cursor = open(path)) {
            cursor.readAvailable(sink);
            cursor.finish(sink);
        }
    }

    Object key() {
        return key;
    }

    /** Bytes read so far (lines given out and the pending start of the next one). */
    long position() {
        return position;
    }

    /** Gives out every complete line written since the last read. */
    void readAvailable(Sink sink) throws IOException {
        file.seek(position);
        for (int n = file.read(chunk); n > 0; n = file.read(chunk)) {
            position += n;
            split(n, sink);
        }
    }

    /** The end of this file: bytes after its last newline are a line of their own, not complete. */
    void finish(Sink sink) throws IOException {
        if (pendingLength > 0 || tooLong) {
            emit(sink, false);
        }
    }

    private void split(int n, Sink sink) throws IOException {
        int start = 0;
        while (start < n) {
            int newline = indexOf(chunk, start, n);
            int end = newline < 0 ? n : newline;
            append(start, end - start);
            if (newline < 0) {
                return;
            }
            emit(sink, true);
            start = newline + 1;
        }
    }

    private void append(int from, int length) {
        if (tooLong) {
            return;
        }
        if ((long) pendingLength + length > CliJson.MAX_LINE_BYTES) {
            tooLong = true; // read on to its newline, keep nothing of it
            pendingLength = 0;
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, (int) Math.min(CliJson.MAX_LINE_BYTES,
                    Math.max(pendingLength + (long) length, 2L * pending.length)));
        }
        System.arraycopy(chunk, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private void emit(Sink sink, boolean complete) throws IOException {
        lineNumber++;
        sink.line(new Line(path, lineNumber, pending, tooLong ? 0 : pendingLength, complete, tooLong));
        pendingLength = 0;
        tooLong = false;
        if (pending.length > 1024 * 1024) {
            pending = new byte[8 * 1024]; // one huge line does not keep its buffer for the rest of the file
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
