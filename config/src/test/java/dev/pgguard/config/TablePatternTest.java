package dev.pgguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code schema.table} patterns of a table scope: how they are written, what they match, what is refused. */
class TablePatternTest {

    private static final String EXAMPLES = ": write schema.table, e.g. public.orders, public.*, *.audit_log or "
            + "\"My Schema\".\"My Table\"";

    @Test
    void anUnquotedPartIsFoldedToLowerCaseAsPostgresqlDoes() {
        TablePattern p = TablePattern.parse("Public.Orders");
        assertTrue(p.matches("public", "orders"));
        assertFalse(p.matches("public", "Orders"), "the table \"Orders\" is another table");
        assertEquals("Public.Orders", p.toString(), "sentences quote the pattern as written");
    }

    @Test
    void aQuotedPartIsExactAndTwoQuotesAreOne() {
        TablePattern p = TablePattern.parse("\"My Schema\".\"Say \"\"hi\"\"\"");
        assertTrue(p.matches("My Schema", "Say \"hi\""));
        assertFalse(p.matches("my schema", "say \"hi\""));
        TablePattern dotted = TablePattern.parse("\"a.b\".c");
        assertTrue(dotted.matches("a.b", "c"), "a dot inside quotes is part of the name");
    }

    @Test
    void aStarInAnUnquotedPartMatchesAnyRunOfCharacters() {
        TablePattern anySchema = TablePattern.parse("*.orders");
        assertTrue(anySchema.matches("app", "orders"));
        assertTrue(anySchema.matches("Weird Schema", "orders"));
        assertFalse(anySchema.matches("app", "orders2"));

        TablePattern wholeSchema = TablePattern.parse("app.*");
        assertTrue(wholeSchema.matches("app", "x"));
        assertTrue(wholeSchema.matches("app", "Mixed \"Case\"\n"));
        assertFalse(wholeSchema.matches("app2", "x"));

        TablePattern middle = TablePattern.parse("app.secret_*_v*");
        assertTrue(middle.matches("app", "secret__v"), "a star matches no character too");
        assertTrue(middle.matches("app", "secret_a_v_b_v2"));
        assertFalse(middle.matches("app", "secret_a_w"));
        assertTrue(TablePattern.parse("*.*").matches("pg_catalog", "pg_class"));
    }

    @Test
    void aStarInAQuotedPartIsJustAStar() {
        TablePattern p = TablePattern.parse("app.\"a*\"");
        assertTrue(p.matches("app", "a*"));
        assertFalse(p.matches("app", "ab"));
    }

    @Test
    void unquotedNamesTakeWhatPostgresqlTakes() {
        assertTrue(TablePattern.parse("_s$1.t_2$").matches("_s$1", "t_2$"));
        assertTrue(TablePattern.parse("schéma.Tablé").matches("schéma", "tablé"),
                "letters beyond ASCII are name characters and are not folded");
    }

    static Stream<Arguments> badPatterns() {
        return Stream.of(
                Arguments.of("orders", "table pattern \"orders\" must be schema-qualified, e.g. public.orders or "
                        + "public.*"),
                Arguments.of("\"Public.Orders\"", "table pattern \"\"Public.Orders\"\" must be schema-qualified, e.g. "
                        + "public.orders or public.*"),
                Arguments.of("", "table pattern \"\" is empty" + EXAMPLES),
                Arguments.of("a.b.c", "table pattern \"a.b.c\" has more than one dot outside double quotes"
                        + EXAMPLES),
                Arguments.of(".orders", "table pattern \".orders\" has an empty schema part" + EXAMPLES),
                Arguments.of("public.", "table pattern \"public.\" has an empty table part" + EXAMPLES),
                Arguments.of("public.\"Orders", "table pattern \"public.\"Orders\" has a double quote at character 8 "
                        + "that is never closed" + EXAMPLES),
                Arguments.of("\"\".orders", "table pattern \"\"\".orders\" has an empty quoted name at character 1"
                        + EXAMPLES),
                Arguments.of("public.\"Ord\"ers", "table pattern \"public.\"Ord\"ers\" goes on after the closing "
                        + "double quote at character 12 (a part is either \"quoted\" or unquoted as a whole)"
                        + EXAMPLES),
                Arguments.of("public.order-lines", "table pattern \"public.order-lines\" has '-' at character 13, "
                        + "which an unquoted name cannot hold (letters, digits, _, $ and the wildcard *); double-quote "
                        + "a name that needs it" + EXAMPLES),
                Arguments.of("public.1st", "table pattern \"public.1st\" has '1' at character 8, which an unquoted "
                        + "name cannot start with (letters, digits, _, $ and the wildcard *); double-quote a name "
                        + "that needs it" + EXAMPLES),
                Arguments.of(" public.orders", "table pattern \" public.orders\" has ' ' at character 1, which an "
                        + "unquoted name cannot start with (letters, digits, _, $ and the wildcard *); double-quote a "
                        + "name that needs it" + EXAMPLES));
    }

    @ParameterizedTest(name = "pattern \"{0}\"")
    @MethodSource("badPatterns")
    void aBadPatternIsRefusedWithWhatIsWrongAndWhatIsRight(String pattern, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TablePattern.parse(pattern));
        assertEquals(message, e.getMessage());
    }
}
