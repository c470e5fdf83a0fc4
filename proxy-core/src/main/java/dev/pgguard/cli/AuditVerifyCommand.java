package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.audit.AuditVerifier;
import dev.pgguard.audit.VerifyResult;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pgguard audit verify}: checks the hash chain of the log (or of the files given, in the order given) and
 * says where it first breaks; the exit code is the verdict, for scripts and cron jobs.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Verify the audit log's hash chain: every line's hash, and seq and prev from line to line, "
                + "across files and runs.",
                "Without FILE, every file of the log directory: the rotated ones by name, then audit.jsonl."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the chain is intact (warnings allowed)", "1:the chain is broken", "64:usage error",
                "66:no audit files found", "74:a file cannot be read", "78:configuration error"})
final class AuditVerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "audit files to verify as one chain, in this order (oldest first)")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--json", description = "print the result as one JSON object")
    private boolean json;

    @Mixin
    AuditLogOptions log;

    @Override
    public Integer call() throws ConfigException {
        if (!files.isEmpty() && log.dir != null) {
            throw new ParameterException(spec.commandLine(), "give FILE... or --dir, not both");
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Path> chain = files;
            if (files.isEmpty()) {
                chain = log.files().inOrder();
                if (chain.isEmpty()) {
                    return AuditCommand.noLog(spec, log.files().directory());
                }
            }
            for (Path file : chain) {
                if (Files.isRegularFile(file)) {
                    continue;
                }
                if (files.isEmpty()) { // the log's own file: there, but not a file
                    return AuditCommand.unreadable(spec, new IOException(file + ": not a regular file"));
                }
                err.println("pgguard: " + file + (Files.isDirectory(file) ? ": is a directory (for a log "
                        + "directory, give --dir DIR)" : ": no such file"));
                err.flush();
                return AuditCommand.NO_INPUT;
            }
            VerifyResult result = AuditVerifier.verify(chain);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                CliJson.writeLine(out, g -> write(g, result));
            } else {
                // Line by line: a malformed line's message may quote the line, which came from anywhere.
                result.report().lines().forEach(l -> out.print(Text.printable(l) + "\n"));
                out.flush();
            }
            return result.ok() ? ExitCodes.OK : AuditCommand.BROKEN;
        } catch (IOException e) {
            return AuditCommand.unreadable(spec, e);
        }
    }

    private static void write(JsonGenerator g, VerifyResult r) throws IOException {
        g.writeBooleanField("ok", r.ok());
        g.writeNumberField("records", r.records());
        g.writeArrayFieldStart("files");
        for (Path f : r.files()) {
            g.writeString(f.toString());
        }
        g.writeEndArray();
        g.writeNumberField("last_seq", r.lastSeq());
        g.writeStringField("last_hash", r.lastHash());
        g.writeFieldName("first_break");
        VerifyResult.Break b = r.firstBreak();
        if (b == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("file", b.file() == null ? null : b.file().toString());
            g.writeNumberField("line", b.line());
            g.writeFieldName("seq");
            if (b.seq() == null) {
                g.writeNull();
            } else {
                g.writeNumber(b.seq());
            }
            g.writeStringField("what", b.what());
            g.writeStringField("expected", b.expected());
            g.writeStringField("actual", b.actual());
            g.writeStringField("message", b.message());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("warnings");
        for (VerifyResult.Warning w : r.warnings()) {
            g.writeStartObject();
            g.writeStringField("file", w.file() == null ? null : w.file().toString());
            g.writeNumberField("line", w.line());
            g.writeStringField("message", w.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
