package dev.pgguard.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the audit table's chain stands and what the files may add to it: the table's last record, the records
 * accepted after it but not committed yet, and whether the files were seen to continue the table. A record is
 * accepted only if it is the next one: seq one more, and prev the hash of the record before. Anything else is a
 * {@link ChainMismatchException}, never a silent mix of two chains or a gap.
 */
final class TableChain {

    /** A record accepted for the table, with its line exactly as the file has it. */
    record Shipped(AuditLine record, String line) {
    }

    private final String table;
    private final Path directory;
    private boolean known;
    private AuditLine committed; // null: the table is empty
    private final List<Shipped> pending = new ArrayList<>();
    /** The files hold the table's last record, or its successor: they continue the table. */
    private boolean verified;
    /** The highest seq read from the files since the reader last started over. */
    private long lastSeen;

    TableChain(String table, Path directory) {
        this.table = table;
        this.directory = directory;
    }

    /**
     * The table's last record as read after (re)connecting. Pending records still apply when the table ends
     * where this chain thought it did, or at one of them (a commit whose answer was lost); otherwise this starts
     * over from the table and returns true: the files must be read again from there.
     */
    boolean reset(AuditLine last) {
        if (known && same(last, committed)) {
            return false;
        }
        for (int i = 0; known && last != null && i < pending.size(); i++) {
            if (same(last, pending.get(i).record())) {
                committed = pending.get(i).record();
                pending.subList(0, i + 1).clear();
                return false;
            }
        }
        known = true;
        committed = last;
        pending.clear();
        verified = last == null;
        lastSeen = 0;
        return true;
    }

    private static boolean same(AuditLine a, AuditLine b) {
        return a == null ? b == null : b != null && a.seq() == b.seq() && a.hash().equals(b.hash());
    }

    /** The seq of the last record accepted (committed or pending); 0 for an empty table. */
    long acceptedSeq() {
        AuditLine a = accepted();
        return a == null ? 0 : a.seq();
    }

    private AuditLine accepted() {
        return pending.isEmpty() ? committed : pending.get(pending.size() - 1).record();
    }

    long committedSeq() {
        return committed == null ? 0 : committed.seq();
    }

    /** Whether the reading has passed the records already in the table: a torn line from here on is news. */
    boolean reached() {
        return lastSeen >= acceptedSeq();
    }

    /**
     * The next record read from the files ({@code line} is its bytes exactly): skipped when the table has it,
     * accepted when it is the next one.
     */
    void offer(AuditLine record, byte[] line, Path file, long lineNumber) throws ChainMismatchException {
        lastSeen = Math.max(lastSeen, record.seq());
        AuditLine head = accepted();
        if (head == null) {
            accept(record, line); // an empty table starts where the files do
            return;
        }
        long seq = record.seq();
        if (seq < head.seq()) {
            return;
        }
        if (seq == head.seq()) {
            if (!record.hash().equals(head.hash())) {
                throw notThisLog("its highest record, seq " + seq + ", has hash " + head.hash() + ", but seq " + seq
                        + " in " + file + " (line " + lineNumber + ") has hash " + record.hash());
            }
            verified = true;
            return;
        }
        if (seq == head.seq() + 1) {
            if (!record.prev().equals(head.hash())) {
                throw notThisLog("its highest record, seq " + head.seq() + ", has hash " + head.hash() + ", but seq "
                        + seq + " in " + file + " (line " + lineNumber + ") follows a record with hash "
                        + record.prev());
            }
            verified = true;
            accept(record, line);
            return;
        }
        throw new ChainMismatchException("audit table " + table + ": the audit files have no record seq "
                + (head.seq() + 1) + (seq - 1 > head.seq() + 1 ? " to " + (seq - 1) : "") + " (the next one, in "
                + file + " line " + lineNumber + ", is seq " + seq + "): they were removed before they were "
                + "shipped, and shipping on would leave a gap in the table. Nothing more is shipped. Restore those "
                + "files, or name a new table in audit.table.name.");
    }

    /** The files were read to their end: a table whose last record they never reached is another log's. */
    void endOfFiles() throws ChainMismatchException {
        if (!verified && committed != null && lastSeen < committed.seq()) {
            throw notThisLog("its highest record is seq " + committed.seq() + ", but the audit files in " + directory
                    + (lastSeen == 0 ? " hold no record" : " end at seq " + lastSeen));
        }
    }

    private ChainMismatchException notThisLog(String why) {
        return new ChainMismatchException("audit table " + table + " does not continue this audit log: " + why
                + ". Nothing is shipped to it, so that two logs never mix in one table. Name a new table in "
                + "audit.table.name (pgguard creates it), or point audit.directory at the log this table was "
                + "shipped from.");
    }

    private void accept(AuditLine record, byte[] line) {
        pending.add(new Shipped(record, new String(line, StandardCharsets.UTF_8))); // only for what is shipped
    }

    int pendingCount() {
        return pending.size();
    }

    List<Shipped> pending() {
        return pending;
    }

    /** The pending records are in the table now. */
    void committed() {
        if (!pending.isEmpty()) {
            committed = pending.get(pending.size() - 1).record();
            pending.clear();
        }
    }
}
