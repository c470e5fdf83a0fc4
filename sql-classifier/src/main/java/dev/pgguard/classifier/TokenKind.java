package dev.pgguard.classifier;

/**
 * The kinds of token the {@link Lexer} produces. Comments and whitespace are not tokens: PostgreSQL
 * removes a comment before parsing and treats it as whitespace, so {@code DR/**}{@code /OP} is two words.
 */
public enum TokenKind {
    /**
     * An unquoted word. PostgreSQL cannot tell a key word from an identifier without the grammar, so
     * neither can the lexer; the text is folded to lower case (ASCII letters only, as PostgreSQL does
     * in a UTF-8 database).
     */
    KEYWORD_OR_IDENTIFIER,
    /** {@code "..."} or {@code U&"..."}: always an identifier, never a key word; text is decoded, case kept. */
    QUOTED_IDENTIFIER,
    /** Any string constant: {@code '..'}, {@code E'..'}, {@code U&'..'}, {@code B'..'}, {@code X'..'}, {@code N'..'}, dollar-quoted. */
    STRING,
    /** A numeric constant, without its sign (a leading {@code -} is an operator). */
    NUMBER,
    /** An operator such as {@code +}, {@code <>}, {@code ||}, {@code ->>}, {@code :=}. */
    OPERATOR,
    /** A positional parameter, {@code $1}. */
    PARAMETER,
    /** One of {@code ( ) , ; [ ] . : :: ..}. */
    PUNCTUATION,
    /**
     * A character PostgreSQL returns as a token of its own that means nothing to the grammar (a lone
     * {@code $}, a backslash, a brace): the server will reject the statement, but it is still a token.
     */
    OTHER
}
