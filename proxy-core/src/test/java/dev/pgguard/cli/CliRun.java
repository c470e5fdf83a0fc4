package dev.pgguard.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs {@code pgguard ...} in-process, as {@code main} would (same command tree, same error handling), with
 * standard input, output and error captured. Check's terminal and environment are pinned (not a terminal, no
 * NO_COLOR) so that tests do not depend on where they run.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), cl -> { }, args);
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

    /** Standard output's lines. */
    List<String> lines() {
        return out.lines().toList();
    }

    String describe() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
