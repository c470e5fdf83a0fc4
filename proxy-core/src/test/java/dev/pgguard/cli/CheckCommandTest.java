package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.Rule;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.StatementKind;
import dev.pgguard.classifier.TableRef;
import dev.pgguard.classifier.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {

    private static final String ESC = "\u001b[";
    /** An analysis that outlasts the time bounds these tests set, and ignores the interrupt at its bound. */
    private static final Function<String, Classification> PAST_ANY_TEST_BOUND = sql -> {
        CliRun.sleepUninterruptibly(2_000);
        return null;
    };

    @Test
    void dropIsHeldAndExplainedStatementByStatement() {
        CliRun r = CliRun.run("", "check", "DROP TABLE users; SELECT 1");

        assertEquals(ExitCodes.HOLD, r.exitCode(), r::describe);
        List<String> lines = r.lines();
        assertEquals("HOLD  (1 of 2 statements would wait for a human approval)", lines.get(0), r::describe);
        assertEquals("", lines.get(1));
        assertEquals("1  DROP TABLE users", lines.get(2));
        assertEquals("   kind: ddl   writes: users", lines.get(3));
        assertTrue(lines.get(4).startsWith("   hold  drop  DROP TABLE users"), r::describe);
        assertEquals("", lines.get(5));
        assertEquals("2  SELECT 1", lines.get(6));
        assertEquals("   kind: read", lines.get(7));
        assertEquals("   allow", lines.get(8));
        assertEquals(9, lines.size(), r::describe);
        assertEquals("", r.err());
    }

    @Test
    void aReadIsAllowedWithExitZero() {
        CliRun r = CliRun.run("", "check", "SELECT * FROM app.users");

        assertEquals(ExitCodes.ALLOW, r.exitCode(), r::describe);
        assertEquals(List.of("ALLOW  (no rule fired)", "", "1  SELECT * FROM app.users",
                "   kind: read   reads: app.users", "   allow"), r.lines());
    }

    @Test
    void everyStatementOfAMultiStatementMessageIsShownAndTheMostRestrictiveVerdictWins() {
        CliRun r = CliRun.run("", "check", "BEGIN; SELECT 1; TRUNCATE audit; DELETE FROM logs; COMMIT");

        assertEquals(ExitCodes.HOLD, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("HOLD  (2 of 5 statements would wait for a human approval)\n"), r::describe);
        for (String expected : List.of("1  BEGIN", "2  SELECT 1", "3  TRUNCATE audit", "4  DELETE FROM logs",
                "5  COMMIT", "   hold  truncate  ", "   hold  delete-without-where  ")) {
            assertTrue(r.out().contains(expected), () -> expected + " missing in\n" + r.describe());
        }
    }

    @Test
    void readsTheSqlFromStandardInputForADash() {
        CliRun r = CliRun.run("DROP TABLE users;\n", "check", "-");

        assertEquals(ExitCodes.HOLD, r.exitCode(), r::describe);
        assertTrue(r.out().contains("1  DROP TABLE users\n"), r::describe);
    }

    @Test
    void jsonIsTheShapeClassifyWritesWithoutId() {
        CliRun r = CliRun.run("", "check", "--json", "SELECT 1; DROP TABLE users");

        assertEquals(ExitCodes.HOLD, r.exitCode(), r::describe);
        assertEquals(1, r.lines().size(), r::describe);
        Map<String, Object> json = JsonTree.object(r.lines().get(0));
        assertEquals(List.of("verdict", "rules", "statements"), List.copyOf(json.keySet()));
        assertEquals("hold", json.get("verdict"));
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = ((List<Map<String, Object>>) json.get("rules")).get(0);
        assertEquals("drop", rule.get("id"));
        assertEquals(2, ((Number) rule.get("statement")).intValue());
    }

    @Test
    void theExitCodeIsTheVerdictDenyIncluded() {
        Classification denied = new Classification(Verdict.DENY, List.of(new ClassifiedStatement("COPY t FROM PROGRAM 'x'",
                StatementKind.WRITE, Verdict.DENY, List.of(new RuleHit(Rule.COPY_PROGRAM, Verdict.DENY, "runs a shell command")),
                List.of(), List.of(new TableRef(null, "t")), true, true, List.of(), false, "0123456789abcdef", null)));
        CliRun r = CliRun.run("", CliRun.withClassification(sql -> denied), "check", "COPY t FROM PROGRAM 'x'");

        assertEquals(ExitCodes.DENY, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("DENY  (1 of 1 statement would be refused)\n"), r::describe);
        assertTrue(r.out().contains("   deny  copy-program  runs a shell command\n"), r::describe);
    }

    @Test
    void anAnalysisPastItsTimeBoundIsHeld() {
        CliRun r = CliRun.run("", CliRun.withClassification(PAST_ANY_TEST_BOUND), "check", "--timeout-ms", "100",
                "SELECT 1");

        assertEquals(ExitCodes.HOLD, r.exitCode(), r::describe);
        assertEquals(List.of("HOLD  (pgguard could not finish analysing the SQL)", "",
                "   hold  unanalysable  analysis exceeded its time bound of 100 ms"), r.lines());
    }

    @Test
    void aClassifierThatFailsHoldsInsteadOfAllowing() {
        CliRun r = CliRun.run("", CliRun.withClassification(sql -> {
            throw new IllegalStateException("boom");
        }), "check", "SELECT 1");

        assertEquals(ExitCodes.HOLD, r.exitCode(), r::describe);
        assertTrue(r.out().contains("unanalysable  analysis failed (IllegalStateException)"), r::describe);
    }

    @Test
    void badArgumentsAreAUsageError() {
        assertEquals(ExitCodes.USAGE, CliRun.run("", "check").exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.run("", "check", "--no-such-option", "SELECT 1").exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.run("", "check", "SELECT", "1").exitCode());
        CliRun zero = CliRun.run("", "check", "--timeout-ms", "0", "SELECT 1");
        assertEquals(ExitCodes.USAGE, zero.exitCode(), zero::describe);
        assertTrue(zero.err().contains("--timeout-ms must be at least 1"), zero::describe);
    }

    @Test
    void aBrokenConfigurationIsAConfigError(@TempDir Path dir) throws Exception {
        String bad = CliRun.writeConfig(dir, "no_such_section: 1\n");

        CliRun r = CliRun.run("", "check", "--config", bad, "SELECT 1");

        assertEquals(ExitCodes.CONFIG, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("pgguard: invalid configuration in " + bad), r::describe);
        assertTrue(r.err().contains("no_such_section"), r::describe);
        assertEquals("", r.out());
        assertEquals(ExitCodes.CONFIG, CliRun.run("", "check", "-c", dir.resolve("missing.yaml").toString(),
                "SELECT 1").exitCode());
    }

    @Test
    void aValidConfigurationIsAccepted(@TempDir Path dir) throws Exception {
        String good = CliRun.writeConfig(dir, "listen: { host: 127.0.0.1, port: 0 }\n");

        assertEquals(ExitCodes.HOLD, CliRun.run("", "check", "--config", good, "DROP TABLE x").exitCode());
    }

    @Test
    void thePolicyComesFromTheConfiguration(@TempDir Path dir) throws Exception {
        String config = CliRun.writeConfig(dir,
                "classifier:\n  rules: { drop: deny, truncate: off, unanalysable: deny }\n");

        CliRun drop = CliRun.run("", "check", "-c", config, "DROP TABLE x");
        assertEquals(ExitCodes.DENY, drop.exitCode(), drop::describe);
        assertTrue(drop.out().contains("   deny  drop  "), drop::describe);

        CliRun truncate = CliRun.run("", "check", "-c", config, "TRUNCATE x");
        assertEquals(ExitCodes.ALLOW, truncate.exitCode(), truncate::describe);

        CliRun slow = CliRun.run("", CliRun.withClassification(PAST_ANY_TEST_BOUND), "check", "-c", config,
                "--timeout-ms", "50", "SELECT 1");
        assertEquals(ExitCodes.DENY, slow.exitCode(), "the time bound's verdict is the unanalysable rule's: " + slow.describe());
    }

    @Test
    void coloursOnlyOnATerminalAndNeverWithNoColor() {
        assertFalse(CliRun.run("", "check", "DROP TABLE x").out().contains(ESC), "not a terminal: plain");
        assertTrue(CliRun.run("", terminal(null), "check", "DROP TABLE x").out().contains(ESC), "a terminal: colours");
        assertFalse(CliRun.run("", terminal("1"), "check", "DROP TABLE x").out().contains(ESC), "NO_COLOR=1: plain");
        assertTrue(CliRun.run("", terminal(""), "check", "DROP TABLE x").out().contains(ESC),
                "NO_COLOR set but empty counts as unset (no-color.org)");
        assertFalse(CliRun.run("", terminal(null), "check", "--json", "DROP TABLE x").out().contains(ESC),
                "JSON: plain");
    }

    @Test
    void controlCharactersInTheSqlAreShownEscapedNeverSentToTheTerminal() {
        CliRun r = CliRun.run("", "check", "SELECT '\u001b]0;pwned\u0007' AS \"\u202etxt\"");

        assertFalse(r.out().contains("\u001b"), r::describe);
        assertFalse(r.out().contains("\u202e"), r::describe);
        assertTrue(r.out().contains("SELECT '\\u001b]0;pwned\\u0007' AS \"\\u202etxt\""), r::describe);
    }

    private static Consumer<CommandLine> terminal(String noColor) {
        return cl -> {
            CliRun.check(cl).terminal = true;
            CliRun.check(cl).env = name -> name.equals("NO_COLOR") ? noColor : null;
        };
    }
}
