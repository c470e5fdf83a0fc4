package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs {@code pgguard ...} in-process, as {@code main} would (same command tree, same error handling), with
 * standard input, output and error captured. Check's terminal and environment are pinned (not a terminal, no
 * NO_COLOR) so that tests do not depend on where they run.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String stdin, String... args) {
        return run(stdin, cl -> { }, args);
    }

    static CliRun run(String stdin, Consumer<CommandLine> setup, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), setup, args);
    }

    static CliRun run(InputStream stdin, Consumer<CommandLine> setup, String... args) {
        CommandLine cl = PgGuardCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        check(cl).in = stdin;
        check(cl).terminal = false;
        check(cl).env = Map.<String, String>of()::get;
        classify(cl).in = stdin;
        setup.accept(cl);
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CheckCommand check(CommandLine cl) {
        return cl.getSubcommands().get("check").getCommand();
    }

    static ClassifyCommand classify(CommandLine cl) {
        return cl.getSubcommands().get("classify").getCommand();
    }

    /** A setup that has {@code check} and {@code classify} run {@code f} in place of the real classifier. */
    static Consumer<CommandLine> withClassification(Function<String, Classification> f) {
        return cl -> {
            check(cl).analysis.classification = f;
            classify(cl).analysis.classification = f;
        };
    }

    /** Sleeps through interrupts, as an analysis stuck in a pathological input does not stop when asked. */
    static void sleepUninterruptibly(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException ignored) {
                // on purpose: see above
            }
        }
    }

    /** Writes {@code yaml} as {@code dir/pgguard.yaml}; its path, for {@code --config}. */
    static String writeConfig(Path dir, String yaml) throws IOException {
        return Files.writeString(dir.resolve("pgguard.yaml"), yaml).toString();
    }

    /** Standard output's lines. */
    List<String> lines() {
        return out.lines().toList();
    }

    String describe() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
