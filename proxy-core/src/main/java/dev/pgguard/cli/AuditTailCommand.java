package dev.pgguard.cli;

import dev.pgguard.audit.AuditFiles;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard audit tail}: the last records of the audit log, across rotated files, one line each (or as they
 * are in the file, {@code --json}); with {@code -f}, then every record appended, across rotations, until Ctrl-C.
 * The files are read newest first, only as far back as the last N matching records need.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Show the last records of the audit log, one line each; with -f, follow it.",
                "Filters combine: a record is shown when it matches all of them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown (also when nothing matched)", "64:usage error",
                "66:no audit log in the directory (without -f)", "74:the log cannot be read, or standard output "
                + "was closed", "78:configuration error"})
final class AuditTailCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "keep printing records as they are appended, across "
            + "rotations, until Ctrl-C")
    private boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "20",
            description = "how many of the last matching records to show first (default: ${DEFAULT-VALUE})")
    private int count;

    @Option(names = "--agent", paramLabel = "AGENT", description = "only records of this agent")
    private String agent;

    @Option(names = "--decision", paramLabel = "DECISION", split = ",",
            description = "only these decisions: allowed, refused, held, approved, denied, timed_out, cancelled "
                    + "(comma-separated, or the option repeated)")
    private List<String> decisions = new ArrayList<>();

    @Option(names = "--table", paramLabel = "TABLE",
            description = "only statements on this table, as the record's tables list names it (schema.table "
                    + "when the SQL said so)")
    private String table;

    @Option(names = "--since", paramLabel = "WHEN", converter = AuditSince.Converter.class,
            description = "only records from this time on: 30s, 10m, 1h, 2d ago, or a UTC time "
                    + "2026-11-25T10:00:00Z")
    private AuditSince since;

    @Option(names = "--json", description = "print the records' lines as they are in the file")
    private boolean json;

    @Mixin
    AuditLogOptions log;

    /** Whether standard output is a terminal, the environment, the clock and the poll interval; tests replace them. */
    boolean terminal = System.console() != null;
    UnaryOperator<String> env = System::getenv;
    Clock clock = Clock.systemUTC();
    long pollMillis = 200;

    @Override
    public Integer call() throws ConfigException {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "-n must be 0 or more, not " + count);
        }
        AuditFilter filter;
        try {
            filter = new AuditFilter(agent, AuditFilter.events(decisions), table,
                    since == null ? null : since.from(clock));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AuditFiles files = log.files();
        PrintWriter out = spec.commandLine().getOut();
        AuditLineFormat format = new AuditLineFormat(Ansi.of(terminal, env), AuditLineFormat.width(env), clock);
        Consumer<AuditEntry> print = e -> {
            out.print(json ? e.text() : format.render(e));
            out.print('\n');
            out.flush();
        };
        AuditScan scan = new AuditScan(spec.commandLine().getErr());
        AuditFileCursor live = null;
        try {
            try {
                live = AuditFileCursor.open(files.live());
            } catch (NoSuchFileException e) {
                // only rotated files, or no log yet
            }
            if (live == null && files.rotated().isEmpty()) {
                if (!follow) {
                    return AuditCommand.noLog(spec, files.directory());
                }
                spec.commandLine().getErr().println("pgguard: waiting for " + files.live() + " to be created");
            }
            List<AuditEntry> last = last(files, live, filter, scan);
            last.forEach(print);
            if (follow) {
                Consumer<AuditEntry> matching = e -> {
                    if (filter.matches(e)) {
                        print.accept(e);
                    }
                };
                AuditFileCursor from = live;
                live = null; // the follower owns it now
                List<Path> rotated = files.rotated();
                // No live file: it goes on after the newest rotated file, which the last records came from.
                Object done = from != null || rotated.isEmpty() ? null
                        : AuditFileCursor.fileKeyOrNull(rotated.get(rotated.size() - 1));
                new AuditFollower(files, from, done, scan.sink(matching), pollMillis, out::checkError).run();
            }
        } catch (IOException e) {
            return AuditCommand.unreadable(spec, e);
        } finally {
            closeQuietly(live);
        }
        if (out.checkError()) {
            spec.commandLine().getErr().println("pgguard: standard output was closed; stopping");
            return ExitCodes.IO;
        }
        return ExitCodes.OK;
    }

    /**
     * The last {@code count} matching records: the live file read to its end (with -f, a line still being written
     * is left for the follower), then rotated files newest first until there are enough.
     */
    private List<AuditEntry> last(AuditFiles files, AuditFileCursor live, AuditFilter filter, AuditScan scan)
            throws IOException {
        Deque<AuditEntry> last = new ArrayDeque<>();
        if (live != null) {
            Deque<AuditEntry> fromLive = new ArrayDeque<>();
            AuditFileCursor.Sink sink = scan.sink(e -> keep(fromLive, e, filter, count));
            live.readAvailable(sink);
            if (!follow) {
                live.finish(sink);
            }
            last.addAll(fromLive);
        }
        List<Path> rotated = files.rotated();
        Object liveKey = live == null ? null : live.key();
        for (int i = rotated.size() - 1; i >= 0 && last.size() < count; i--) {
            Path file = rotated.get(i);
            if (liveKey != null && liveKey.equals(AuditFileCursor.fileKeyOrNull(file))) {
                continue; // the live file we read, rotated since: its records are in already
            }
            Deque<AuditEntry> fromFile = new ArrayDeque<>();
            int wanted = count - last.size();
            scan.file(file, e -> keep(fromFile, e, filter, wanted));
            fromFile.descendingIterator().forEachRemaining(last::addFirst);
        }
        return new ArrayList<>(last);
    }

    private static void keep(Deque<AuditEntry> last, AuditEntry e, AuditFilter filter, int max) {
        if (max > 0 && filter.matches(e)) {
            if (last.size() == max) {
                last.removeFirst();
            }
            last.addLast(e);
        }
    }

    private static void closeQuietly(AuditFileCursor cursor) {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
        }
    }
}
