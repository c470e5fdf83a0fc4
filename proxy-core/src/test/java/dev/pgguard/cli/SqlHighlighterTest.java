package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlHighlighterTest {

    private static final String ESC = "\u001b[";
    private static final Ansi COLOUR = Ansi.of(true, (String) null);
    private static final Ansi PLAIN = Ansi.of(false, (String) null);

    @Test
    void tokenisesStringsCommentsAndDollarQuotesAsPostgresqlDoes() {
        String sql = "SELECT E'it\\'s', 'a''b', $$x; DROP y$$, $f$;$f$, \"Na\"\"me\", $1, 1.5e3 "
                + "/* a /* nested */ comment */ -- rest\nFROM t";

        List<String> texts = SqlTokens.of(sql).stream().filter(t -> t.kind() != SqlTokens.Kind.SPACE)
                .map(t -> t.kind() + ":" + t.text(sql)).toList();

        assertEquals(List.of("WORD:SELECT", "STRING:E'it\\'s'", "OTHER:,", "STRING:'a''b'", "OTHER:,",
                "STRING:$$x; DROP y$$", "OTHER:,", "STRING:$f$;$f$", "OTHER:,", "QUOTED_NAME:\"Na\"\"me\"",
                "OTHER:,", "PARAMETER:$1", "OTHER:,", "NUMBER:1.5e3", "COMMENT:/* a /* nested */ comment */",
                "COMMENT:-- rest", "WORD:FROM", "WORD:t"), texts);
    }

    @Test
    void tokensCoverTheTextEvenWhenAStringIsNotClosed() {
        String sql = "SELECT 'open";
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);

        assertEquals(SqlTokens.Kind.STRING, tokens.get(tokens.size() - 1).kind());
        assertEquals(sql.length(), tokens.get(tokens.size() - 1).end());
    }

    @Test
    void withoutColourTheSqlIsShownAsItIsLineByLine() {
        String sql = "DELETE FROM users\n  WHERE id = 'x' -- why\r\nRETURNING *";

        assertEquals(List.of("DELETE FROM users", "  WHERE id = 'x' -- why", "RETURNING *"),
                new SqlHighlighter(PLAIN).lines(sql));
    }

    @Test
    void keywordsAreBoldDestructiveOnesRedStringsGreenCommentsDim() {
        String line = new SqlHighlighter(COLOUR).lines("DROP TABLE users; SELECT 'x' /* c */").get(0);

        assertTrue(line.startsWith(ESC + "31m" + ESC + "1mDROP" + ESC + "0m" + ESC + "0m "), line);
        assertTrue(line.contains(ESC + "34m" + ESC + "1mTABLE" + ESC + "0m" + ESC + "0m users"), line);
        assertTrue(line.contains(ESC + "32m'x'" + ESC + "0m"), line);
        assertTrue(line.contains(ESC + "2m/* c */" + ESC + "0m"), line);
    }

    @Test
    void aCommentOverSeveralLinesIsPaintedAndResetOnEachLine() {
        List<String> lines = new SqlHighlighter(COLOUR).lines("/* one\ntwo */ SELECT 1");

        assertEquals(ESC + "2m/* one" + ESC + "0m", lines.get(0));
        assertTrue(lines.get(1).startsWith(ESC + "2mtwo */" + ESC + "0m"), lines.get(1));
    }

    @Test
    void escapeSequencesInTheSqlAreShownEscapedEvenInsideStrings() {
        String sql = "SELECT '\u001b[2J' \u001b]0;title\u0007";

        for (Ansi ansi : List.of(PLAIN, COLOUR)) {
            String withoutColours = new SqlHighlighter(ansi).lines(sql).get(0).replaceAll("\u001b\\[[0-9;]*m", "");
            assertEquals("SELECT '\\u001b[2J' \\u001b]0;title\\u0007", withoutColours,
                    "the only escape sequences left are the highlighter's own colours");
        }
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrTermDumb() {
        assertTrue(Ansi.of(true, env(Map.of())).enabled());
        assertTrue(Ansi.of(true, env(Map.of("NO_COLOR", ""))).enabled(), "an empty NO_COLOR does not count");
        assertFalse(Ansi.of(true, env(Map.of("NO_COLOR", "1"))).enabled());
        assertFalse(Ansi.of(true, env(Map.of("TERM", "dumb"))).enabled());
        assertTrue(Ansi.of(true, env(Map.of("TERM", "xterm-256color"))).enabled());
        assertFalse(Ansi.of(false, env(Map.of())).enabled());

        assertEquals("DROP", new SqlHighlighter(Ansi.of(true, env(Map.of("NO_COLOR", "yes")))).lines("DROP").get(0));
    }

    private static UnaryOperator<String> env(Map<String, String> vars) {
        return vars::get;
    }
}
