package dev.pgguard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads audit files for {@code tail} and {@code show}: every record in order, and a one-line warning on standard
 * error for each line that is not one (torn, cut short, not JSON). Skipping is right here: whether the chain
 * holds is {@code verify}'s question, and a reader should still see the records around a damaged line.
 */
final class AuditScan {

    private final PrintWriter err;

    AuditScan(PrintWriter err) {
        this.err = err;
    }

    /** Every record of {@code file}, in order; a last line without its newline is skipped with a warning. */
    void file(Path file, Consumer<AuditEntry> each) throws IOException {
        AuditFileCursor.readAll(file, sink(each));
    }

    /** A sink that parses lines into records for {@code each} and warns about the others. */
    AuditFileCursor.Sink sink(Consumer<AuditEntry> each) {
        return line -> {
            if (!line.complete()) {
                warn(line, "no newline at its end (being written, or torn)");
                return;
            }
            try {
                each.accept(AuditEntry.parse(line));
            } catch (AuditEntry.NotARecord e) {
                warn(line, e.getMessage());
            }
        };
    }

    private void warn(AuditFileCursor.Line line, String why) {
        err.println("pgguard: warning: skipped " + line.file().getFileName() + " line " + line.number() + ": "
                + Text.printable(why));
        err.flush();
    }
}
