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
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BoundedClassifier classifier;
        try {
            classifier = analysis.start();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("pgguard: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        LineReader lines = new LineReader(in, CliJson.MAX_LINE_BYTES);
        try (classifier) {
            for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.tooLong()) {
                    writeError(out, null, "the line is longer than " + CliJson.MAX_LINE_BYTES / (1024 * 1024)
                            + " MiB, the most pgguard reads");
                } else if (line.blank()) {
                    continue;
                } else {
                    answer(out, JsonRequest.parse(line.bytes(), line.length()), classifier);
                }
                if (out.checkError()) {
                    // Whoever read the answers is gone; classifying on would be work nobody sees.
                    spec.commandLine().getErr().println("pgguard: standard output was closed; stopping");
                    return ExitCodes.IO;
                }
            }
        }
        return ExitCodes.OK;
    }

    private static void answer(PrintWriter out, JsonRequest request, BoundedClassifier classifier)
            throws IOException, InterruptedException {
        if (request.error() != null) {
            writeError(out, request.idJson(), request.error());
            return;
        }
        Outcome outcome = classifier.classify(request.sql());
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writeId(g, request.idJson());
            ClassificationJson.writeFields(g, outcome);
            g.writeEndObject();
        }
        endLine(out);
    }

    private static void writeError(PrintWriter out, String idJson, String error) throws IOException {
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writeId(g, idJson);
            g.writeStringField("error", error);
            g.writeEndObject();
        }
        endLine(out);
    }

    private static void writeId(JsonGenerator g, String idJson) throws IOException {
        g.writeFieldName("id");
        if (idJson == null) {
            g.writeNull();
        } else {
            g.writeRawValue(idJson); // already JSON text, escaped by the same factory
        }
    }

    /** '\n' whatever the platform (println would write "\r\n" on Windows), and flushed: the caller may be waiting. */
    private static void endLine(PrintWriter out) {
        out.write('\n');
        out.flush();
    }
}
