package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code pgguard classify --jsonl}: a filter for tools. One JSON line in, one JSON line out, in order, flushed
 * as it is written, so a caller can send a line and wait for its answer. A broken line gets an error line and a
 * slow one a hold (its time bound); neither stops the lines after it.
 */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Classify SQL for tools: reads JSON lines {\"id\": ..., \"sql\": \"...\"} on standard input "
                + "and writes one JSON line per input line, in order.",
                "An input line that cannot be read is answered with {\"id\": ..., \"error\": \"...\"}; empty lines "
                + "are skipped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:end of input (even when some lines had errors)", "64:usage error",
                "74:standard output was closed", "78:configuration error"})
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--jsonl", required = true, description = "JSON lines in, JSON lines out (the only format so far)")
    private boolean jsonl;

    @Mixin
    AnalysisOptions analysis;

    /** Standard input; tests replace it. */
    InputStream in = System.in;

    @Override
    public Integer call() throws IOException, InterruptedException, ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        LineReader lines = new LineReader(in, CliJson.MAX_LINE_BYTES);
        try (BoundedClassifier classifier = analysis.start()) {
            for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.blank()) {
                    continue;
                }
                answer(out, line, classifier);
                if (out.checkError()) {
                    // Whoever read the answers is gone; classifying on would be work nobody sees.
                    spec.commandLine().getErr().println("pgguard: standard output was closed; stopping");
                    return ExitCodes.IO;
                }
            }
        }
        return ExitCodes.OK;
    }

    private static void answer(PrintWriter out, LineReader.Line line, BoundedClassifier classifier)
            throws IOException, InterruptedException {
        if (line.tooLong()) {
            writeError(out, null, "the line is longer than " + CliJson.MAX_LINE_BYTES / (1024 * 1024)
                    + " MiB, the most pgguard reads");
            return;
        }
        JsonRequest request = JsonRequest.parse(line.bytes(), line.length());
        if (request.error() != null) {
            writeError(out, request.idJson(), request.error());
            return;
        }
        Outcome outcome = classifier.classify(request.sql());
        CliJson.writeLine(out, g -> {
            writeId(g, request.idJson());
            ClassificationJson.writeFields(g, outcome);
        });
    }

    private static void writeError(PrintWriter out, String idJson, String error) throws IOException {
        CliJson.writeLine(out, g -> {
            writeId(g, idJson);
            g.writeStringField("error", error);
        });
    }

    private static void writeId(JsonGenerator g, String idJson) throws IOException {
        g.writeFieldName("id");
        if (idJson == null) {
            g.writeNull();
        } else {
            g.writeRawValue(idJson); // already JSON text, escaped by the same factory
        }
    }
}
