package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Token kinds, texts and offsets, and the cases a text corpus cannot spell (control characters). */
class LexerTokenTest {

    private static String kinds(String sql) throws LexException {
        return Lexer.tokenize(sql).stream().map(t -> t.kind().name().substring(0, 3) + ":" + t.text())
                .collect(Collectors.joining(" "));
    }

    private static Token only(String sql) throws LexException {
        List<Token> tokens = Lexer.tokenize(sql);
        assertEquals(1, tokens.size(), () -> "one token in " + sql + ": " + tokens);
        return tokens.get(0);
    }

    @Test
    void unicodeIdentifierDecodesToTheSameNameAsItsPlainSpelling() throws LexException {
        Token escaped = only("U&\"d\\0061t\\+000061\"");
        assertEquals(TokenKind.QUOTED_IDENTIFIER, escaped.kind());
        assertEquals(only("\"data\""), new Token(TokenKind.QUOTED_IDENTIFIER, 0, 6, escaped.text()));
        assertEquals("data", only("U&\"d!0061t!+000061\" UESCAPE '!'").text());
        assertEquals("a!b", only("U&\"a!!b\" UESCAPE '!'").text());
        assertEquals("\uD83D\uDE00", only("U&'\\D83D\\DE00'").text());
    }

    @Test
    void uescapeClauseBelongsToTheLiteral() throws LexException {
        String sql = "U&'x' UESCAPE '!' ";
        Token t = only(sql);
        assertEquals(0, t.start());
        assertEquals(sql.length() - 1, t.end());
    }

    @Test
    void quotedIdentifiersKeepCaseAndWordsFold() throws LexException {
        assertEquals("KEY:select QUO:Foo KEY:from QUO:a\"b", kinds("SeLeCt \"Foo\" FROM \"a\"\"b\""));
        assertEquals("KEY:ÜnÏcode", kinds("ÜNÏCODE"), "only ASCII letters fold, as in a UTF-8 database");
    }

    @Test
    void stringValuesAreDecoded() throws LexException {
        assertEquals("it's", only("'it''s'").text());
        assertEquals("a\\b", only("'a\\b'").text());
        assertEquals("it's\n\tA", only("E'it\\'s\\n\\t\\x41'").text());
        assertEquals("ab", only("'a'\n'b'").text());
        assertEquals(" it's \\ ", only("$q$ it's \\ $q$").text());
        assertEquals("1010", only("B'1010'").text());
    }

    @Test
    void operatorsFollowThePlusMinusRule() throws LexException {
        assertEquals("OPE:= OPE:- NUM:1", kinds("=-1"));
        assertEquals("OPE:@- NUM:1", kinds("@-1"));
        assertEquals("OPE:* OPE:- NUM:1", kinds("*-1"));
        assertEquals("OPE:< OPE:- NUM:1", kinds("<-1"));
        assertEquals("KEY:a OPE:->> STR:k", kinds("a->>'k'"));
        assertEquals("OPE:!= OPE:<> OPE:|| OPE:<= OPE:>= OPE:=>", kinds("!= <> || <= >= =>"));
        assertEquals("KEY:x PUN::: KEY:int PUN:: OPE::= PUN:..", kinds("x::int : := .."));
    }

    @Test
    void punctuationNumbersAndParameters() throws LexException {
        assertEquals("PUN:( PUN:) PUN:, PUN:; PUN:[ PUN:] PUN:.", kinds("( ) , ; [ ] ."));
        assertEquals("NUM:3.5 NUM:4. NUM:.001 NUM:1.925e-3 NUM:0xFF NUM:1_000", kinds("3.5 4. .001 1.925e-3 0xFF 1_000"));
        assertEquals("NUM:1 PUN:.. NUM:2", kinds("1..2"));
        assertEquals("KEY:t PUN:. KEY:col", kinds("t.col"));
        assertEquals("PAR:$1 PAR:$23 OTH:$ KEY:x", kinds("$1 $23 $ x"));
        assertEquals("OTH:\\ OTH:{", kinds("\\ {"));
    }

    @Test
    void offsetsPointIntoTheSource() throws LexException {
        String sql = "SELECT /* c */ 'a''b', \"X\" -- e\n;";
        List<Token> tokens = Lexer.tokenize(sql);
        assertEquals(List.of("SELECT", "'a''b'", ",", "\"X\"", ";"),
                tokens.stream().map(t -> sql.substring(t.start(), t.end())).collect(Collectors.toList()));
    }

    @Test
    void whitespaceAndCommentCharacters() throws LexException {
        assertEquals("KEY:select NUM:1 KEY:drop", kinds("SELECT 1 -- c\rDROP"), "CR ends a line comment");
        assertEquals("KEY:a KEY:b KEY:c", kinds("a\u000Bb\fc"));
        // a no-break space is a letter to PostgreSQL: one word, not two
        assertEquals("KEY:drop\u00A0table KEY:x", kinds("DROP\u00A0TABLE x"));
    }

    @Test
    void standardConformingStringsOffMakesBackslashEscapeQuotes() throws LexException {
        String sql = "SELECT '\\'; DROP TABLE x; --'";
        assertEquals(2, StatementSplitter.split(sql, true).size());
        List<Statement> off = StatementSplitter.split(sql, false);
        assertEquals(1, off.size());
        assertEquals(List.of("select"), off.get(0).keywords());
        assertThrows(LexException.class, () -> Lexer.tokenize("SELECT U&'x'", false));
        assertEquals("x", Lexer.tokenize("SELECT U&\"x\"", false).get(1).text(), "U& identifiers still work");
    }

    @Test
    void errorsCarryTheOffsetOfTheOffendingConstruct() {
        assertEquals(7, assertThrows(LexException.class, () -> Lexer.tokenize("SELECT 'abc")).offset());
        assertEquals(9, assertThrows(LexException.class, () -> Lexer.tokenize("SELECT 1 /* /* */")).offset());
        assertEquals(7, assertThrows(LexException.class, () -> Lexer.tokenize("SELECT $x$ abc")).offset());
        assertEquals(8, assertThrows(LexException.class, () -> Lexer.tokenize("SELECT 1\0; DROP TABLE x")).offset());
    }

    @Test
    void limitsFailClosed() throws LexException {
        String tag = "t".repeat(Literals.MAX_DOLLAR_TAG + 1);
        assertThrows(LexException.class, () -> Lexer.tokenize("SELECT $" + tag + "$x$" + tag + "$"));
        assertThrows(LexException.class, () -> Lexer.tokenize("SELECT 1 " + "@".repeat(64) + " 2"));
        assertEquals(63, Lexer.tokenize("SELECT 1 " + "@".repeat(63) + " 2").get(2).text().length());
        assertThrows(LexException.class,
                () -> Lexer.tokenize("SELECT 1 " + "+-".repeat(Lexer.MAX_OPERATOR_RUN) + " 2"));
        assertEquals(7, Lexer.tokenize("SELECT 1 +-+- 2").size(), "a short run is single-character operators");
    }

    @Test
    void statementsKeepOffsetsAndText() throws LexException {
        String sql = "  SELECT 1 ; /* x */ DROP TABLE t -- end\n;";
        List<Statement> statements = StatementSplitter.split(sql);
        assertEquals(2, statements.size());
        assertEquals("SELECT 1", statements.get(0).text());
        assertEquals(2, statements.get(0).start());
        assertEquals("DROP TABLE t", statements.get(1).text());
        assertEquals("drop", statements.get(1).firstKeyword());
        assertEquals("select", StatementSplitter.split("((SELECT 1))").get(0).firstKeyword());
        assertEquals("", StatementSplitter.split("\"DROP\" TABLE x").get(0).firstKeyword());
    }
}
