package dev.pgguard.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads the audit files' lines in chain order from where it stopped last time: the rest of its file, the files
 * after it, then the live file as it grows and across rotations ({@code tail -F} for the whole log). In the live
 * file a line is given out only once it ends with {@code '\n'}: the writer may be in the middle of it. Rotated
 * files are never written again, so there their last line is given out as it is (torn bytes there are damage,
 * which the caller's parse refuses).
 *
 * <p>A file is followed by its file key (the inode), because rotation renames the live file: when the live name
 * stops pointing at the file being read, its rest is read under its rotated name before moving on. Each read
 * opens the file by name and checks the key again after opening, so a rotation between the two cannot make it
 * read the new live file from the old file's offset.
 */
final class FileFollower {

    /** One line without its {@code '\n'}; {@code bytes} is null for a line too long to hold (LineReader.MAX_LINE). */
    record Line(Path file, long number, byte[] bytes) {
    }

    /** Rotations that may race one call before it gives up until the next: far more than a writer can do. */
    private static final int MAX_STEPS = 64;

    private final AuditFiles files;
    private Path path; // null: choose a file to start in at the next read
    private Object key;
    private long position;
    private long lineNumber;

    FileFollower(AuditFiles files) {
        this.files = files;
    }

    /** Forgets where it was: the next read starts over, in the file that holds the record after its {@code after}. */
    void restart() {
        path = null;
    }

    /**
     * At most {@code max} lines after the last ones given out. When it has to choose where to start (first call,
     * after {@link #restart}, or its file vanished) it starts in the newest file whose first record is at most
     * {@code after + 1}: whole files before it hold nothing after {@code after}. Lines up to {@code after} may
     * still come out; the caller skips them by their seq.
     */
    List<Line> next(int max, long after) throws IOException {
        List<Line> out = new ArrayList<>();
        for (int step = 0; step < MAX_STEPS && out.size() < max; step++) {
            if (path == null && !start(after)) {
                break;
            }
            Path at = locate();
            if (at == null) {
                path = null; // removed (retention, an operator): start over by seq
                continue;
            }
            boolean live = at.equals(files.live()); // decided before reading: see the class comment
            if (!read(at, max - out.size(), !live, out)) {
                continue; // renamed between locating and opening it
            }
            if (out.size() >= max || live || !advance(at)) {
                break;
            }
        }
        return out;
    }

    private boolean start(long after) throws IOException {
        for (int attempt = 0; attempt < MAX_STEPS; attempt++) {
            List<Path> order = files.inOrder();
            if (order.isEmpty()) {
                return false;
            }
            int first = 0;
            for (int i = order.size() - 1; i > 0 && after > 0; i--) {
                Long seq = firstSeq(order.get(i));
                if (seq != null && seq <= after + 1) {
                    first = i;
                    break;
                }
            }
            if (follow(order, first)) {
                return true;
            }
        }
        return false;
    }

    /** Moves on to the file after {@code done}, which was read to its end; false while there is none yet. */
    private boolean advance(Path done) throws IOException {
        for (int attempt = 0; attempt < MAX_STEPS; attempt++) {
            List<Path> order = files.inOrder();
            int i = order.indexOf(done);
            if (i < 0) {
                path = null;
                return true;
            }
            if (i + 1 == order.size()) {
                return false; // the writer is between renaming the live file and creating the next one
            }
            if (follow(order, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Follows {@code order.get(i)} from its start, if the files are still as listed once its key is taken: a
     * rotation in between would pair the live name's new key with a file that comes later in the chain.
     */
    private boolean follow(List<Path> order, int i) throws IOException {
        Path p = order.get(i);
        Object k = keyOrNull(p);
        if (k == null || !files.inOrder().equals(order)) {
            return false;
        }
        path = p;
        key = k;
        position = 0;
        lineNumber = 0;
        return true;
    }

    /** Where the followed file is now: its last known name, or the rotated name it was given. */
    private Path locate() throws IOException {
        if (Objects.equals(keyOrNull(path), key)) {
            return path;
        }
        List<Path> rotated = files.rotated();
        for (int i = rotated.size() - 1; i >= 0; i--) {
            if (key.equals(keyOrNull(rotated.get(i)))) {
                path = rotated.get(i);
                return path;
            }
        }
        return null;
    }

    /** Reads lines from the position on; false when the name no longer led to the followed file once opened. */
    private boolean read(Path at, int max, boolean complete, List<Line> out) throws IOException {
        try {
            if (Files.size(at) <= position) {
                return true; // nothing new: the cheap case of every poll
            }
            try (LineReader r = new LineReader(at, position, lineNumber)) {
                if (!key.equals(keyOrNull(at))) {
                    return false;
                }
                for (int n = 0; n < max && r.next(); n++) {
                    if (!r.terminated() && !complete) {
                        break; // the writer is still writing it
                    }
                    out.add(new Line(at, r.number(), r.oversized() ? null : Arrays.copyOf(r.bytes(), r.length())));
                    position = r.end();
                    lineNumber = r.number();
                }
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The seq of the file's first record (torn lines before it skipped); null when it has none. */
    private static Long firstSeq(Path file) throws IOException {
        try (LineReader r = new LineReader(file)) {
            while (r.next() && r.terminated()) {
                try {
                    return AuditLine.parse(r.bytes(), 0, r.length()).seq();
                } catch (AuditLineException e) {
                    // torn: the next line may be the record
                }
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The file key (inode); null when the file is not there. Without keys, rotation could not be told from growth:
     * such a file system is refused rather than misread.
     */
    private static Object keyOrNull(Path p) throws IOException {
        if (p == null) {
            return null;
        }
        try {
            Object k = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            if (k == null) {
                throw new IOException("the file system of " + p + " gives no file keys (inodes): the audit table cannot "
                        + "follow the files across rotation there");
            }
            return k;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
