package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Properties: comments, whitespace and the case of unquoted words never change what the lexer sees;
 * pathological input costs time linear in its size.
 */
class LexerPropertyTest {

    private static final List<String> SEEDS = List.of(
            "SELECT a, b FROM t WHERE id = $1",
            "DROP TABLE public.users CASCADE",
            "DELETE FROM t WHERE x = 'DROP TABLE y; --'",
            "TRUNCATE t RESTART IDENTITY; SELECT 1; DROP VIEW v",
            "SELECT $$; DROP TABLE x; $$, $q$ ' $q$ FROM t",
            "SELECT E'\\'; DROP', U&\"d\\0061ta\", \"Mixed\"\"Case\" FROM t",
            "SELECT U&\"d!0061ta\" UESCAPE '!' FROM t",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            "UPDATE t SET a = a || 'x', b = b - -1 WHERE c ->> 'k' <> 'v'",
            "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 END; END; DROP TABLE z",
            "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC DELETE FROM t WHERE id = 1; END",
            "DO $body$ BEGIN EXECUTE 'DROP TABLE x'; END $body$",
            "SELECT 3.5, .5e-3, 0x1F, 1_000, B'101', X'ff', N'n' FROM t",
            "COPY t TO PROGRAM 'rm -rf /'",
            "SELECT arr[1:2], x::int, y @> z, w !~ 'r' FROM t",
            "PREPARE p (int) AS DELETE FROM t WHERE id = $1; EXECUTE p(1)",
            "EXPLAIN ANALYZE DELETE FROM t",
            "BEGIN; DROP SCHEMA s CASCADE; COMMIT",
            "ALTER TABLE t DROP COLUMN c, DROP CONSTRAINT k",
            "SELECT (SELECT 1); SELECT ((2))");

    private static final String[] SEPARATORS = {
        " ", "\n", "\t", "  ", " /* c */ ", " /* a /* nested; DROP */ b */ ", " -- DROP; line\n", " \r\n ", "\f",
    };

    @Test
    void commentsWhitespaceAndCaseDoNotChangeTokensOrStatements() throws LexException {
        for (int s = 0; s < SEEDS.size(); s++) {
            String seed = SEEDS.get(s);
            List<List<String>> expected = shape(seed);
            Random random = new Random(s);
            for (int variant = 0; variant < 200; variant++) {
                String mutated = mutate(seed, random);
                assertEquals(expected, shape(mutated), () -> "seed: " + seed + "\nvariant: " + mutated);
            }
        }
    }

    /** Per statement: every token as kind and text (words are folded, so case cannot show). */
    private static List<List<String>> shape(String sql) throws LexException {
        List<List<String>> out = new ArrayList<>();
        for (Statement statement : StatementSplitter.split(sql)) {
            List<String> tokens = new ArrayList<>();
            for (Token t : statement.tokens()) {
                tokens.add(t.kind() + ":" + t.text());
            }
            out.add(tokens);
        }
        return out;
    }

    private static String mutate(String sql, Random random) throws LexException {
        StringBuilder out = new StringBuilder();
        out.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        for (Token t : Lexer.tokenize(sql)) {
            String text = sql.substring(t.start(), t.end());
            out.append(t.kind() == TokenKind.KEYWORD_OR_IDENTIFIER ? randomCase(text, random) : text);
            out.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        return out.toString();
    }

    private static String randomCase(String word, Random random) {
        char[] chars = word.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] < 0x80 && Character.isLetter(chars[i])) {
                chars[i] = random.nextBoolean() ? Character.toUpperCase(chars[i]) : Character.toLowerCase(chars[i]);
            }
        }
        return new String(chars);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pathologicalInputIsLinear() throws LexException {
        int n = 100_000;
        String parens = "SELECT " + "(".repeat(n) + "1" + ")".repeat(n) + "; DROP TABLE x";
        assertEquals(2, StatementSplitter.split(parens).size());

        String comments = "/*".repeat(n) + " DROP " + "*/".repeat(n) + " SELECT 1";
        assertEquals(List.of("select"), StatementSplitter.split(comments).get(0).keywords());

        String nearMisses = "SELECT $abc$" + "$ab".repeat(n) + "$abc$";
        assertEquals(2, Lexer.tokenize(nearMisses).size());

        StringBuilder big = new StringBuilder("SELECT ");
        while (big.length() < 20_000_000) {
            big.append("a1, 'str''x', E'\\n', $$d$$, \"Q\", /* c */ 42.5e3, ");
        }
        big.append("1");
        List<Statement> statements = StatementSplitter.split(big.toString());
        assertEquals(1, statements.size());

        String unterminated = "SELECT '" + "x".repeat(10_000_000);
        assertThrows(LexException.class, () -> Lexer.tokenize(unterminated));
    }
}
