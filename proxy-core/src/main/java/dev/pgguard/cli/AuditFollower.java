package dev.pgguard.cli;

import dev.pgguard.audit.AuditFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@code tail -f} on the live file, across rotations, by polling: every {@code pollMillis} it reads what was
 * appended, then looks at the path. The writer rotates by renaming the live file and creating a new one
 * (audit-log/README.md, "Files and rotation"), so a different file key (inode) at the path means a new file:
 * the old one is read to its end (the writer fsyncs it before the rename), then any file rotated after it
 * meanwhile (several rotations between two looks: the names sort in chain order), then the new one from its
 * start. A file shorter than what was read (truncated, or a file system without file keys) is read again from
 * its start. No file at the path is the moment between rename and create, or a log not started yet: it waits.
 */
final class AuditFollower {

    private final AuditFiles files;
    private final AuditFileCursor.Sink sink;
    private final long pollMillis;
    private final BooleanSupplier stop;
    private AuditFileCursor cursor;
    /** The key of the last file read to its end, whose successors are still to read; null: none. */
    private Object done;

    /**
     * @param cursor the live file as far as it was read already, or null to start with the file at the path
     * @param done   when {@code cursor} is null: the key of a rotated file read already, so that the files
     *               rotated after it are read before the live file; else null
     * @param stop   checked after each look (standard output gone); the thread's interrupt stops it as well
     */
    AuditFollower(AuditFiles files, AuditFileCursor cursor, Object done, AuditFileCursor.Sink sink, long pollMillis,
                  BooleanSupplier stop) {
        this.files = files;
        this.cursor = cursor;
        this.done = done;
        this.sink = sink;
        this.pollMillis = pollMillis;
        this.stop = stop;
    }

    /** Follows until interrupted (Ctrl-C ends the process) or {@code stop} says so. */
    void run() throws IOException {
        try {
            while (!Thread.currentThread().isInterrupted() && !stop.getAsBoolean()) {
                if (!step()) {
                    Thread.sleep(pollMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (cursor != null) {
                cursor.close();
            }
        }
    }

    /** One look: true when it moved to another file, and should look again at once. */
    private boolean step() throws IOException {
        if (cursor == null) {
            AuditFileCursor next;
            try {
                next = AuditFileCursor.open(files.live());
            } catch (NoSuchFileException e) {
                return false;
            }
            catchUp(next.key());
            cursor = next;
        }
        cursor.readAvailable(sink);
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(files.live(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return false; // renamed, its successor not created yet
        }
        if (!Objects.equals(now.fileKey(), cursor.key())) {
            cursor.readAvailable(sink); // what was written between the read above and the rename
            cursor.finish(sink);
            done = cursor.key();
            cursor.close();
            cursor = null;
            return true;
        }
        if (now.size() < cursor.position()) {
            cursor.close();
            cursor = null;
            done = null;
            return true;
        }
        return false;
    }

    /** Reads the files rotated after {@link #done}, in order, up to (not including) the file with key {@code upTo}. */
    private void catchUp(Object upTo) throws IOException {
        if (done == null) {
            return;
        }
        List<Path> rotated = files.rotated();
        int from = rotated.size();
        for (int i = 0; i < rotated.size(); i++) {
            if (done.equals(AuditFileCursor.fileKeyOrNull(rotated.get(i)))) {
                from = i + 1;
                break;
            }
        }
        for (int i = from; i < rotated.size(); i++) {
            Path file = rotated.get(i);
            if (upTo != null && upTo.equals(AuditFileCursor.fileKeyOrNull(file))) {
                break; // the file just opened as the live one, rotated since: read on through the cursor
            }
            AuditFileCursor.readAll(file, sink);
        }
        done = null;
    }
}
