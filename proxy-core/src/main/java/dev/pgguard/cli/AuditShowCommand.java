package dev.pgguard.cli;

import dev.pgguard.audit.AuditFields;
import dev.pgguard.audit.AuditFiles;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard audit show ID}: records in full. A seq shows that record; {@code s:ID} a session's records;
 * a hold id the hold's story (held, decided, what the database answered). Reads the whole log, in order.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "Show audit records in full: one record by its seq, a session's records, or a hold's.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:no record matches", "64:usage error", "66:no audit log in the directory",
                "74:the log cannot be read", "78:configuration error"})
final class AuditShowCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = {"a seq (42): that record;",
            "s:SESSION (s:1f): the session's records, in order;",
            "a hold id (k7p2xq, or h:ID): the held statement, its decision and its outcome"})
    private String id;

    @Option(names = "--json", description = "print the records' lines as they are in the file")
    private boolean json;

    @Mixin
    AuditLogOptions log;

    /** Whether standard output is a terminal, the environment and the clock; tests replace them. */
    boolean terminal = System.console() != null;
    UnaryOperator<String> env = System::getenv;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws ConfigException {
        AuditQuery query;
        try {
            query = AuditQuery.parse(id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AuditFiles files = log.files();
        try {
            List<Path> all = files.inOrder();
            if (all.isEmpty()) {
                return AuditCommand.noLog(spec, files.directory());
            }
            AuditScan scan = new AuditScan(spec.commandLine().getErr());
            for (Path file : all) {
                scan.file(file, query::offer);
            }
        } catch (IOException e) {
            return AuditCommand.unreadable(spec, e);
        }
        if (query.matches().isEmpty()) {
            spec.commandLine().getErr().println("pgguard: " + query.nothing() + " in " + files.directory());
            spec.commandLine().getErr().flush();
            return AuditCommand.NOT_FOUND;
        }
        print(query);
        return ExitCodes.OK;
    }

    private void print(AuditQuery query) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            query.matches().forEach(m -> out.print(m.entry().text() + "\n"));
            out.flush();
            return;
        }
        Ansi ansi = Ansi.of(terminal, env);
        AuditRecordFormat format = new AuditRecordFormat(ansi,
                new AuditLineFormat(ansi, AuditLineFormat.width(env), clock));
        boolean headings = query.severalRuns();
        AuditEntry run = null;
        boolean first = true;
        for (AuditQuery.Match m : query.matches()) {
            if (!first) {
                out.print('\n');
            }
            if (headings && (first || m.runStart() != run)) {
                // The same session id in another run of pgguard is another session.
                out.print(ansi.bold(runHeading(m.runStart())) + "\n\n");
            }
            out.print(format.render(m.entry()));
            run = m.runStart();
            first = false;
        }
        out.flush();
    }

    private static String runHeading(AuditEntry runStart) {
        if (runStart == null) {
            return "== a run of pgguard that began before these files";
        }
        return "== the run of pgguard that began at seq " + runStart.seq() + ", "
                + Text.shown(runStart.string(AuditFields.TIME));
    }
}
