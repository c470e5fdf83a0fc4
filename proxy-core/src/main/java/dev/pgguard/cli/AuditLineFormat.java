package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFields;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard audit tail} for a human: one line per record, as wide as the terminal.
 * <pre>
 * 10:00:01.000     7  statement.held         s:1f    cursor-ci  app  #2  hold k7p2xq  DELETE FROM users WHERE id = 3
 * 10:00:05.000     8  hold.approved          s:1f    cursor-ci  app  #2  hold k7p2xq  by alice  "ok"  waited 4.0s
 * 10:00:05.100     9  statement.outcome      s:1f    cursor-ci  app  #2  DELETE 1  1.2ms
 * </pre>
 * Time in UTC (the records' own zone), with the date when it is not today; then seq (for {@code audit show}),
 * the event coloured by what it means, the session, agent and database, {@code #query} (which links a decision,
 * its hold and its outcome), what the event carries, and the SQL last, on one line, cut to what is left of the
 * width. Everything that came from a client or the file is escaped ({@link Text}).
 */
final class AuditLineFormat {

    static final int DEFAULT_WIDTH = 120;
    /** The SQL gets at least this much, even when the rest of the line already fills the width. */
    static final int MIN_SQL = 20;
    /** Reasons, messages and names are cut here: the SQL is what the line is for. */
    static final int MAX_TEXT = 60;

    private static final int EVENT_WIDTH = 21; // session.authenticated
    private static final int SEQ_WIDTH = 5;
    private static final int SESSION_WIDTH = 6;
    private static final String GAP = "  ";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Ansi ansi;
    private final int width;
    private final Clock clock;

    AuditLineFormat(Ansi ansi, int width, Clock clock) {
        this.ansi = ansi;
        this.width = width;
        this.clock = clock;
    }

    /** {@code COLUMNS} when it is a positive number, else {@link #DEFAULT_WIDTH}. */
    static int width(UnaryOperator<String> env) {
        String columns = env.apply("COLUMNS");
        try {
            int n = columns == null ? 0 : Integer.parseInt(columns.strip());
            return n > 0 ? n : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** The record's line, without a line terminator. */
    String render(AuditEntry e) {
        Line line = new Line();
        line.add(time(e), UnaryOperator.identity());
        line.add(pad(String.valueOf(e.seq()), SEQ_WIDTH, true), ansi::dim);
        line.add(pad(Text.cut(Text.shown(e.event()), 40), EVENT_WIDTH, false), colour(e.event()));
        String session = e.string(AuditFields.SESSION);
        if (session != null) {
            line.add(pad("s:" + Text.oneLine(session, 20), SESSION_WIDTH, false), UnaryOperator.identity());
            line.add(text(e.string(AuditFields.AGENT)), ansi::bold);
            line.add(text(e.string(AuditFields.DATABASE)), UnaryOperator.identity());
        }
        Long query = e.number(AuditFields.QUERY);
        if (query != null) {
            line.add("#" + query, ansi::dim);
        }
        details(line, e);
        String sql = e.string(AuditFields.SQL);
        if (sql != null) {
            line.add(Text.oneLine(sql, Math.max(MIN_SQL, width - line.width - GAP.length())),
                    UnaryOperator.identity());
        }
        return line.out.toString().stripTrailing(); // the padding of a last cell
    }

    private void details(Line line, AuditEntry e) {
        String event = e.event();
        if (event.startsWith("statement.") && !event.equals(AuditEvent.STATEMENT_OUTCOME.id())
                || event.startsWith("hold.")) {
            String hold = e.string(AuditFields.HOLD);
            if (hold != null) {
                line.add("hold " + text(hold), ansi::bold);
            }
            String approver = e.string(AuditFields.APPROVER);
            if (approver != null) {
                line.add("by " + text(approver), UnaryOperator.identity());
            }
            String reason = e.string(AuditFields.REASON);
            if (reason != null) {
                line.add(quoted(reason), UnaryOperator.identity());
            }
            Long wait = e.number(AuditFields.WAIT_US);
            if (wait != null) {
                line.add("waited " + micros(wait), ansi::dim);
            }
            return;
        }
        if (event.equals(AuditEvent.STATEMENT_OUTCOME.id())) {
            outcome(line, e);
            return;
        }
        if (event.startsWith("session.")) {
            add(line, "user ", e.string(AuditFields.USER));
            add(line, "from ", e.string(AuditFields.CLIENT));
            error(line, e);
            String reason = e.string(AuditFields.REASON);
            if (reason != null) {
                line.add(quoted(reason), UnaryOperator.identity());
            }
            Long lasted = e.number(AuditFields.DURATION_US);
            if (lasted != null) {
                line.add("after " + micros(lasted), ansi::dim);
            }
            return;
        }
        writerDetails(line, e);
    }

    private void outcome(Line line, AuditEntry e) {
        List<String> tags = e.strings(AuditFields.TAG);
        if (!tags.isEmpty()) {
            line.add(text(String.join(", ", tags)), UnaryOperator.identity());
        } else if (e.number(AuditFields.ROWS) != null) {
            line.add("rows " + e.number(AuditFields.ROWS), UnaryOperator.identity());
        }
        error(line, e);
        Long took = e.number(AuditFields.DURATION_US);
        if (took != null) {
            line.add(micros(took), ansi::dim);
        }
    }

    private void error(Line line, AuditEntry e) {
        String sqlState = e.string(AuditFields.SQLSTATE);
        if (sqlState != null) {
            line.add("error " + text(sqlState), ansi::red);
            String message = e.string(AuditFields.MESSAGE);
            if (message != null) {
                line.add(text(message), UnaryOperator.identity());
            }
        }
    }

    /** The writer's own records: what a reader of the log needs to know about the log itself. */
    private void writerDetails(Line line, AuditEntry e) {
        add(line, "previous end ", e.string(AuditFields.PREVIOUS_END));
        add(line, "after ", e.string(AuditFields.PREVIOUS_FILE));
        Long torn = e.number(AuditFields.TORN_BYTES);
        if (torn != null) {
            line.add(torn + " torn bytes at offset " + e.number(AuditFields.TORN_OFFSET) + " of "
                    + text(e.string(AuditFields.FILE)), ansi::yellow);
        }
        add(line, "reason ", e.string(AuditFields.REASON));
        Long rejected = e.number(AuditFields.REJECTED);
        if (rejected != null) {
            line.add(rejected + " appends rejected meanwhile", rejected > 0 ? ansi::yellow : UnaryOperator.identity());
        }
        Long records = e.number(AuditFields.RECORDS);
        if (records != null) {
            line.add(records + (records == 1 ? " record" : " records"), UnaryOperator.identity());
        }
    }

    private static void add(Line line, String label, String value) {
        if (value != null) {
            line.add(label + text(value), UnaryOperator.identity());
        }
    }

    /** The colour of an event: what passed quietly dim, what waits yellow, what was stopped red. */
    UnaryOperator<String> colour(String event) {
        return switch (event) {
            case "statement.allowed" -> s -> ansi.dim(ansi.green(s));
            case "statement.held" -> ansi::yellow;
            case "statement.refused", "hold.denied", "hold.timed_out", "session.refused" -> ansi::red;
            case "hold.approved" -> ansi::green;
            case "hold.cancelled" -> ansi::magenta;
            case "statement.outcome" -> UnaryOperator.identity();
            default -> event.startsWith("session.") ? ansi::dim
                    : event.startsWith("audit.") ? ansi::cyan : UnaryOperator.identity();
        };
    }

    private String time(AuditEntry e) {
        Instant time = e.time();
        if (time == null) {
            return Text.oneLine(String.valueOf(e.fields().get(AuditFields.TIME)), 30);
        }
        boolean today = LocalDate.ofInstant(time, ZoneOffset.UTC).equals(LocalDate.ofInstant(clock.instant(),
                ZoneOffset.UTC));
        return (today ? TIME : DATE_TIME).format(time);
    }

    /** {@code 850us}, {@code 12.5ms}, {@code 4.2s}, {@code 3m05s}. */
    static String micros(long us) {
        if (us < 1_000) {
            return Math.max(0, us) + "us";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fms", us / 1_000.0);
        }
        if (us < 60_000_000) {
            return String.format(Locale.ROOT, "%.1fs", us / 1_000_000.0);
        }
        return Figures.duration(us / 1_000);
    }

    private static String text(String s) {
        return s == null ? "-" : Text.oneLine(s, MAX_TEXT);
    }

    private static String quoted(String s) {
        return "\"" + Text.oneLine(s, MAX_TEXT) + "\"";
    }

    private static String pad(String s, int width, boolean left) {
        int n = width - s.codePointCount(0, s.length());
        if (n <= 0) {
            return s;
        }
        return left ? " ".repeat(n) + s : s + " ".repeat(n);
    }

    /** The line being built, and how wide it is without its escape sequences. */
    private static final class Line {
        final StringBuilder out = new StringBuilder();
        int width;

        void add(String plain, UnaryOperator<String> paint) {
            if (width > 0) {
                out.append(GAP);
                width += GAP.length();
            }
            // Padding stays outside the colour, so that a coloured cell does not bleed into the gap.
            String body = plain.stripTrailing();
            out.append(paint.apply(body)).append(plain, body.length(), plain.length());
            width += plain.codePointCount(0, plain.length());
        }
    }
}
