package dev.pgguard.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live file and the chain's head: renders records into a batch, writes a batch with one write, fsyncs,
 * rotates. Owned by one thread at a time (open, then the writer thread); nothing here is thread-safe.
 *
 * <p>Rotation: the batch so far is written and fsynced, the live file is renamed to
 * {@code NAME-<its first record's time>.jsonl}, the directory is fsynced, and the new live file starts with an
 * {@code audit.rotated} record that chains to the old file's last record and names it.
 */
final class LiveFile implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LiveFile.class);
    /** A batch is written in pieces of about this size, so that a burst does not grow the buffer without end. */
    private static final int WRITE_CHUNK = 1 << 20;

    private final AuditSettings settings;
    private final AuditFiles files;
    private final Clock clock;
    private final Counters counters;
    private final LineEncoder encoder;
    private final String previousEnd;
    private FileChannel channel;
    private long size;
    private Instant start;
    private boolean dirty;
    private long lastForceNanos = System.nanoTime();
    private long writtenSeq;
    private String writtenHash;

    private LiveFile(AuditSettings settings, AuditFiles files, Clock clock, Counters counters, long seq, String hash,
                     String previousEnd) {
        this.settings = settings;
        this.files = files;
        this.clock = clock;
        this.counters = counters;
        this.encoder = new LineEncoder(seq, hash);
        this.previousEnd = previousEnd;
        this.writtenSeq = seq;
        this.writtenHash = hash;
    }

    /**
     * Opens the live file where the log left off: finds the head (the last valid record of the live file, or of
     * the newest rotated file when the live file has none), keeps any torn bytes after it and renders an
     * {@code audit.recovered} record that names them. Nothing is written yet except a newline that ends torn
     * bytes, and the file's creation.
     *
     * @param fallbackSeq  the head to continue from when no file has a record (0 and genesis for a new log; the
     *                     head in memory when resuming into an emptied directory)
     */
    static LiveFile open(AuditSettings settings, Clock clock, Counters counters, long fallbackSeq,
                         String fallbackHash) throws IOException {
        AuditFiles files = settings.files();
        Files.createDirectories(settings.directory());
        Path live = files.live();
        TailScan.Tail tail = Files.exists(live) ? TailScan.scan(live) : null;
        AuditLine head = tail == null ? null : tail.head();
        if (head == null) {
            head = headOfRotated(files.rotated());
        }
        boolean torn = tail != null && tail.torn() != null;
        // Torn bytes after audit.closed: a later run died writing its first records, so it did not end cleanly.
        String previousEnd = head == null && !torn ? "none"
                : head != null && head.event().equals(AuditEvent.AUDIT_CLOSED.id()) && !torn ? "clean" : "unclean";
        LiveFile f = head == null
                ? new LiveFile(settings, files, clock, counters, fallbackSeq, fallbackHash, previousEnd)
                : new LiveFile(settings, files, clock, counters, head.seq(), head.hash(), previousEnd);
        f.openChannel(tail == null);
        f.size = f.channel.size();
        f.start = tail != null && tail.firstTime() != null ? tail.firstTime() : clock.instant();
        if (torn) {
            f.recover(tail.torn());
        }
        return f;
    }

    /** The newest rotated file's last record; it must end cleanly: a rotated file is complete and fsynced. */
    private static AuditLine headOfRotated(List<Path> rotated) throws IOException {
        if (rotated.isEmpty()) {
            return null;
        }
        Path newest = rotated.get(rotated.size() - 1);
        TailScan.Tail tail = TailScan.scan(newest);
        if (tail.torn() != null) {
            // Not a crash: rotation fsyncs a file before renaming it. Someone changed it; refuse to guess.
            throw new IOException("the rotated audit file " + newest + " ends with " + tail.torn().bytes()
                    + " bytes that are not a record (offset " + tail.torn().offset() + "): the log was damaged;"
                    + " run pgguard audit verify, and move the file away to start a new chain");
        }
        return tail.head();
    }

    private void openChannel(boolean create) throws IOException {
        channel = FileChannel.open(files.live(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (create) {
            forceDirectory();
        }
    }

    /**
     * Keeps torn bytes where they are (evidence, not something to truncate): ends them with a newline if they
     * have none, so the next record starts on its own line, and renders the audit.recovered record that lets
     * the verifier accept exactly these bytes.
     */
    private void recover(TailScan.Torn torn) throws IOException {
        log.warn("audit log {}: {} torn bytes at offset {} after seq {} (a crash while writing?); kept, and"
                + " reported in an audit.recovered record", files.live(), torn.bytes(), torn.offset(), encoder.seq());
        boolean addNewline = !torn.endsWithNewline();
        if (addNewline) {
            writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
            size++;
            channel.force(false);
            counters.fsyncs++;
        }
        encoder.encode(AuditRecord.writerRecord(AuditEvent.AUDIT_RECOVERED)
                .put(AuditFields.FILE, settings.fileName())
                .put(AuditFields.TORN_OFFSET, torn.offset())
                .put(AuditFields.TORN_BYTES, torn.bytes())
                .put(AuditFields.TORN_SHA256, torn.sha256())
                .put(AuditFields.NEWLINE_ADDED, addNewline)
                .build(), clock.instant());
    }

    /** How the previous run ended: clean (its last record is audit.closed), unclean, or none (a new log). */
    String previousEnd() {
        return previousEnd;
    }

    /** Renders a record into the batch, rotating first if it would take the live file past the size limit. */
    void append(AuditRecord record, Instant time) throws IOException {
        int lineLength = encoder.encode(record, time);
        long before = size + encoder.length() - lineLength;
        if (settings.rotateSize() > 0 && before > 0 && before + lineLength > settings.rotateSize()) {
            encoder.undoLast();
            rotate("size");
            encoder.encode(record, time);
        }
        if (encoder.length() >= WRITE_CHUNK) {
            write();
        }
    }

    /** Rotates if the live file began on an earlier UTC day than {@code now}. */
    void rotateIfNewDay(Instant now) throws IOException {
        if (settings.rotateDaily() && day(now) != day(start) && size + encoder.length() > 0) {
            rotate("day");
        }
    }

    private static long day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }

    /** Writes the batch rendered so far: one write call (more only if the kernel takes less). */
    void write() throws IOException {
        int len = encoder.length();
        if (len == 0) {
            return;
        }
        writeFully(ByteBuffer.wrap(encoder.buffer(), 0, len));
        size += len;
        dirty = true;
        counters.bytes += len;
        counters.batches++;
        counters.records += encoder.seq() - writtenSeq; // one seq per line
        writtenSeq = encoder.seq();
        writtenHash = encoder.hash();
        encoder.clear();
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** fsync of the live file (data and size: fdatasync). */
    void force() throws IOException {
        channel.force(false);
        dirty = false;
        lastForceNanos = System.nanoTime();
        counters.fsyncs++;
    }

    /** Written since the last fsync. */
    boolean dirty() {
        return dirty;
    }

    long nanosSinceForce() {
        return System.nanoTime() - lastForceNanos;
    }

    /** The seq of the last record written (write returned), and its hash. */
    long writtenSeq() {
        return writtenSeq;
    }

    String writtenHash() {
        return writtenHash;
    }

    private void rotate(String reason) throws IOException {
        write();
        force();
        channel.close();
        Path target = files.rotatedName(start);
        Files.move(files.live(), target, StandardCopyOption.ATOMIC_MOVE);
        openChannel(true);
        size = 0;
        start = clock.instant();
        log.info("audit log rotated ({}): {}", reason, target.getFileName());
        encoder.encode(AuditRecord.writerRecord(AuditEvent.AUDIT_ROTATED)
                .put(AuditFields.PREVIOUS_FILE, target.getFileName().toString())
                .put(AuditFields.REASON, reason)
                .build(), start);
    }

    /** Makes a created or renamed file's directory entry durable (Linux: fsync on the directory). */
    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(settings.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
