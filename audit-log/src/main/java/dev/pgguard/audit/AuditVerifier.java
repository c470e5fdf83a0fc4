package dev.pgguard.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a log's chain, file after file: every line's own hash, then seq (+1 each) and prev (the hash of the
 * line before) across lines, files and runs; stops at the first break and says exactly where and what differs.
 *
 * <p>Torn bytes (lines that are not valid records) are accepted only when the very next record is an
 * {@code audit.recovered} record naming exactly those bytes (file, offset, length, SHA-256): they are then a
 * warning. Anywhere else, and at the end of a file, they are a break. What a chain cannot show: records removed
 * from the end, and files removed from the start; the first is reported as a warning when the log does not end
 * with {@code audit.closed}, the second when it does not start at seq 1 (README.md, "Verify").
 */
public final class AuditVerifier {

    private final List<Path> files;
    private final List<VerifyResult.Warning> warnings = new ArrayList<>();
    private long records;
    private long expectedSeq = -1;
    private String prevHash;
    private String lastEvent;
    private Path previousFile;
    private TornRegion torn;
    private VerifyResult.Break firstBreak;

    private AuditVerifier(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** Verifies the files in the order given, as one chain. */
    public static VerifyResult verify(List<Path> files) throws IOException {
        return new AuditVerifier(files).run();
    }

    /** Verifies every file of the log in {@code directory}: rotated files by name, then the live file. */
    public static VerifyResult verifyDirectory(Path directory, String fileName) throws IOException {
        return verify(new AuditFiles(directory, fileName).inOrder());
    }

    /** {@link #verifyDirectory(Path, String)} for the default file name. */
    public static VerifyResult verifyDirectory(Path directory) throws IOException {
        return verifyDirectory(directory, AuditSettings.DEFAULTS.fileName());
    }

    private VerifyResult run() throws IOException {
        for (Path file : files) {
            if (!verifyFile(file)) {
                return result();
            }
            previousFile = file;
        }
        if (records == 0) {
            firstBreak = new VerifyResult.Break(files.isEmpty() ? null : files.get(files.size() - 1), 0, null, "empty",
                    null, null, files.isEmpty() ? "no audit files" : "no audit records");
        } else if (!AuditEvent.AUDIT_CLOSED.id().equals(lastEvent)) {
            warnings.add(new VerifyResult.Warning(null, 0, "the log does not end with audit.closed (pgguard still"
                    + " running, or crashed, or lines were removed from the end); last seq " + (expectedSeq - 1)));
        }
        return result();
    }

    private VerifyResult result() {
        return new VerifyResult(files, records, firstBreak, warnings, Math.max(0, expectedSeq - 1), prevHash);
    }

    /** False at the first break. */
    private boolean verifyFile(Path file) throws IOException {
        boolean firstRecordOfFile = true;
        try (LineReader in = new LineReader(file)) {
            while (in.next()) {
                if (in.oversized()) {
                    return fail(file, in.number(), null, "malformed", null, null, "a line longer than "
                            + LineReader.MAX_LINE + " bytes: not a record, and too long to check");
                }
                if (!in.terminated()) {
                    tornLine(file, in, new AuditLineException("torn", in.length() + " bytes at the end of the file"
                            + " without a newline: a record cut short (pgguard crashed while writing, or the file"
                            + " was truncated)", null, null));
                    continue;
                }
                AuditLine line;
                try {
                    line = AuditLine.parse(in.bytes(), 0, in.length());
                } catch (AuditLineException invalid) {
                    tornLine(file, in, invalid);
                    continue;
                }
                if (!record(file, in.number(), line, firstRecordOfFile)) {
                    return false;
                }
                firstRecordOfFile = false;
            }
        }
        if (torn != null) {
            breakAtTorn("the file ends there, and no audit.recovered record reports it");
            return false;
        }
        return true;
    }

    private void tornLine(Path file, LineReader in, AuditLineException problem) {
        if (torn == null) {
            torn = new TornRegion(file, in.number(), in.offset(), expectedSeq, problem);
        }
        torn.add(in.bytes(), in.length(), in.terminated());
    }

    /** A valid line: account for torn bytes before it, then check it against the chain. */
    private boolean record(Path file, long lineNo, AuditLine line, boolean firstRecordOfFile) {
        boolean recovered = line.event().equals(AuditEvent.AUDIT_RECOVERED.id());
        if (torn != null) {
            if (!recovered) {
                // An edited line says it all; anything else could be torn bytes, but nothing reported them.
                breakAtTorn(torn.problem.what().equals("hash") ? null : "the next record (line " + lineNo + ", seq "
                        + line.seq() + ") is not an audit.recovered record that reports it");
                return false;
            }
            String mismatch = torn.mismatch(line);
            if (mismatch != null) {
                breakAtTorn(mismatch);
                return false;
            }
            warnings.add(new VerifyResult.Warning(file, torn.firstLine, line.get(AuditFields.TORN_BYTES)
                    + " torn bytes at offset " + torn.offset + " (" + torn.problem.getMessage() + "), reported by"
                    + " audit.recovered seq " + line.seq() + " on line " + lineNo));
            torn = null;
        } else if (recovered) {
            return fail(file, lineNo, line.seq(), "recovered", null, null, "audit.recovered reports torn bytes"
                    + " just before it, and there are none: they were removed");
        }
        if (line.version() != LineEncoder.VERSION) {
            return fail(file, lineNo, line.seq(), "version", String.valueOf(LineEncoder.VERSION),
                    String.valueOf(line.version()), "unknown schema version");
        }
        if (expectedSeq < 0) {
            if (line.seq() != 1 || !line.prev().equals(Sha256.GENESIS)) {
                warnings.add(new VerifyResult.Warning(file, lineNo, "the chain starts at seq " + line.seq()
                        + ", not at the start of the log: earlier files were not given (or were removed);"
                        + " this record's prev cannot be checked"));
            }
        } else {
            if (line.seq() != expectedSeq) {
                long gap = line.seq() - expectedSeq;
                return fail(file, lineNo, line.seq(), "seq", String.valueOf(expectedSeq), String.valueOf(line.seq()),
                        gap > 0 ? gap + (gap == 1 ? " record is" : " records are") + " missing before this line,"
                                + " or lines are out of order"
                                : "seq goes back: a line is repeated or out of order");
            }
            if (!line.prev().equals(prevHash)) {
                return fail(file, lineNo, line.seq(), "prev", prevHash, line.prev(), "the record does not chain to"
                        + " the one before it (that record was changed, or replaced)");
            }
        }
        if (firstRecordOfFile && previousFile != null && line.event().equals(AuditEvent.AUDIT_ROTATED.id())
                && !Objects.equals(line.get(AuditFields.PREVIOUS_FILE), previousFile.getFileName().toString())) {
            warnings.add(new VerifyResult.Warning(file, lineNo, "audit.rotated names the previous file "
                    + line.get(AuditFields.PREVIOUS_FILE) + ", the file before it here is "
                    + previousFile.getFileName() + " (renamed?)"));
        }
        records++;
        expectedSeq = line.seq() + 1;
        prevHash = line.hash();
        lastEvent = line.event();
        return true;
    }

    private boolean fail(Path file, long line, Long seq, String what, String expected, String actual,
                         String message) {
        firstBreak = new VerifyResult.Break(file, line, seq, what, expected, actual, message);
        return false;
    }

    /** @param why what makes the invalid lines a break, null when their own problem says it all */
    private void breakAtTorn(String why) {
        AuditLineException p = torn.problem;
        StringBuilder m = new StringBuilder(p.getMessage());
        if (torn.expectedSeq > 0) {
            m.append("; seq ").append(torn.expectedSeq).append(" was expected here");
        }
        if (why != null) {
            m.append("; ").append(why);
        }
        firstBreak = new VerifyResult.Break(torn.file, torn.firstLine, p.statedSeq(), p.what(), p.expected(),
                p.actual(), m.toString());
    }

    /**
     * Consecutive invalid lines: where they start and what their bytes hash to, so that an audit.recovered
     * record can be matched against exactly them. The digest covers every byte but the last newline, which may
     * be the one the writer added.
     */
    private static final class TornRegion {
        final Path file;
        final long firstLine;
        final long offset;
        final long expectedSeq;
        final AuditLineException problem;
        private final MessageDigest digest = Sha256.newDigest();
        private long length;
        private boolean endsWithNewline;

        TornRegion(Path file, long firstLine, long offset, long expectedSeq, AuditLineException problem) {
            this.file = file;
            this.firstLine = firstLine;
            this.offset = offset;
            this.expectedSeq = expectedSeq;
            this.problem = problem;
        }

        void add(byte[] b, int len, boolean terminated) {
            if (endsWithNewline) {
                digest.update((byte) '\n');
            }
            digest.update(b, 0, len);
            length += len + (terminated ? 1 : 0);
            endsWithNewline = terminated;
        }

        long bytes() {
            return length;
        }

        /** Why {@code recovered} does not account for exactly these bytes, or null if it does. */
        String mismatch(AuditLine recovered) {
            String bad = "the audit.recovered record that follows (seq " + recovered.seq() + ") reports other bytes: ";
            if (!this.file.getFileName().toString().equals(recovered.get(AuditFields.FILE))) {
                return bad + "file " + recovered.get(AuditFields.FILE);
            }
            if (!Long.valueOf(offset).equals(recovered.get(AuditFields.TORN_OFFSET))) {
                return bad + "offset " + recovered.get(AuditFields.TORN_OFFSET);
            }
            boolean added = Boolean.TRUE.equals(recovered.get(AuditFields.NEWLINE_ADDED));
            long original = length - (added ? 1 : 0);
            if (!Long.valueOf(original).equals(recovered.get(AuditFields.TORN_BYTES))) {
                return bad + recovered.get(AuditFields.TORN_BYTES) + " bytes";
            }
            MessageDigest d;
            try {
                d = (MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            if (!added) {
                d.update((byte) '\n');
            }
            if (!Sha256.hex(d.digest()).equals(recovered.get(AuditFields.TORN_SHA256))) {
                return bad + "their SHA-256 differs";
            }
            return null;
        }
    }
}
