package dev.pgguard.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AuditVerifier} found: ok, or the first break exactly; warnings either way.
 *
 * @param firstBreak null when the chain is intact
 * @param records    valid records read (up to the break)
 * @param lastSeq    the last valid record's seq before any break (0 if none)
 * @param lastHash   its hash: compare with an anchor kept elsewhere to detect lines removed from the end
 */
public record VerifyResult(List<Path> files, long records, Break firstBreak, List<Warning> warnings, long lastSeq,
                           String lastHash) {

    public VerifyResult {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return firstBreak == null;
    }

    /**
     * Where the chain breaks.
     *
     * @param line     1-based line number in {@code file}
     * @param seq      the seq the line states, null if it states none (a torn or malformed line)
     * @param what     {@code hash}, {@code seq}, {@code prev}, {@code version}, {@code torn}, {@code malformed},
     *                 {@code json}, {@code recovered} or {@code empty}
     * @param expected what the chain needs there (null if not a value)
     * @param actual   what the line has (null if not a value)
     */
    public record Break(Path file, long line, Long seq, String what, String expected, String actual,
                        String message) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append(file == null ? "-" : file.getFileName()).append(" line ").append(line);
            if (seq != null) {
                s.append(" (seq ").append(seq).append(')');
            }
            s.append(": ").append(what).append(": ").append(message);
            if (expected != null || actual != null) {
                s.append("\n  expected: ").append(expected).append("\n  actual:   ").append(actual);
            }
            return s.toString();
        }
    }

    /** Something to know that does not break the chain (a reported torn tail, a log not closed cleanly). */
    public record Warning(Path file, long line, String message) {

        @Override
        public String toString() {
            return (file == null ? "" : file.getFileName() + (line > 0 ? " line " + line : "") + ": ") + message;
        }
    }

    /** The human-readable report {@code pgguard audit verify} prints. */
    public String report() {
        StringBuilder s = new StringBuilder();
        if (ok()) {
            s.append("OK: ").append(records).append(records == 1 ? " record" : " records").append(" in ")
                    .append(files.size()).append(files.size() == 1 ? " file" : " files").append(", last seq ")
                    .append(lastSeq).append(", last hash ").append(lastHash).append('\n');
        } else {
            s.append("BROKEN: ").append(firstBreak).append('\n');
            s.append("  (").append(records).append(" valid records before the break, last seq ").append(lastSeq)
                    .append(")\n");
        }
        for (Warning w : warnings) {
            s.append("warning: ").append(w).append('\n');
        }
        return s.toString();
    }
}
