package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of {@code lexer-cases.txt} (its header explains the format). */
class LexerCorpusTest {

    /** One case: {@code expected} is null when the input must not lex. */
    record Case(String id, String sql, List<String> expected) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Case> cases() throws IOException {
        return load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lexesAsPostgresWould(Case c) throws LexException {
        if (c.expected() == null) {
            LexException e = assertThrows(LexException.class, () -> StatementSplitter.split(c.sql()), c.sql());
            assertTrue(e.offset() >= 0 && e.offset() <= c.sql().length(), "offset inside the input");
            return;
        }
        List<String> actual = new ArrayList<>();
        for (Statement s : StatementSplitter.split(c.sql())) {
            actual.add(s.keywords().isEmpty() ? "-" : String.join(" ", s.keywords()));
        }
        assertEquals(c.expected(), actual, () -> "case " + c.id() + ": " + c.sql());
    }

    @Test
    void corpusIsBigEnough() throws IOException {
        List<Case> all = load();
        assertTrue(all.size() >= 80, "at least 80 cases, found " + all.size());
        assertEquals(all.size(), all.stream().map(Case::id).distinct().count(), "case ids are unique");
    }

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = LexerCorpusTest.class.getResourceAsStream("lexer-cases.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            List<String> sql = new ArrayList<>();
            List<String> expected = null;
            boolean inSql = false;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("=== ")) {
                    addCase(cases, id, sql, expected);
                    id = line.substring(4).trim();
                    sql = new ArrayList<>();
                    expected = null;
                    inSql = true;
                } else if (line.equals(">>> expect")) {
                    expected = new ArrayList<>();
                    inSql = false;
                } else if (line.equals(">>> error")) {
                    expected = null;
                    inSql = false;
                } else if (inSql) {
                    sql.add(line);
                } else if (expected != null && !line.isBlank() && !line.startsWith("#")) {
                    expected.add(line);
                }
            }
            addCase(cases, id, sql, expected);
        }
        return cases;
    }

    private static void addCase(List<Case> cases, String id, List<String> sql, List<String> expected) {
        if (id == null) {
            return;
        }
        while (!sql.isEmpty() && sql.get(sql.size() - 1).isEmpty()) {
            sql.remove(sql.size() - 1); // the blank line that separates cases
        }
        cases.add(new Case(id, String.join("\n", sql), expected));
    }
}
