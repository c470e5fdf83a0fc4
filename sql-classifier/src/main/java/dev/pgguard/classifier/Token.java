package dev.pgguard.classifier;

/**
 * One token of a SQL string.
 *
 * @param kind what the token is
 * @param start offset of its first character in the source
 * @param end offset just past its last character in the source (for a string with a
 *     {@code UESCAPE} clause, past the clause)
 * @param text its value as PostgreSQL sees it: unquoted words folded to lower case, quoted identifiers
 *     and strings with their quotes removed and escapes decoded; numbers, operators, punctuation and
 *     parameters as written
 */
public record Token(TokenKind kind, int start, int end, String text) {

    /** True for an unquoted word whose folded text is {@code word} (which must be lower case). */
    public boolean isWord(String word) {
        return kind == TokenKind.KEYWORD_OR_IDENTIFIER && text.equals(word);
    }

    /** True for an identifier, quoted or not. */
    boolean isName() {
        return kind == TokenKind.KEYWORD_OR_IDENTIFIER || kind == TokenKind.QUOTED_IDENTIFIER;
    }

    /** True for punctuation or an operator written exactly as {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return (kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR) && text.equals(symbol);
    }
}
