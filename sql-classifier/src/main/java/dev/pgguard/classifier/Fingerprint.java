package dev.pgguard.classifier;

import java.util.List;

/**
 * A statement's tokens rendered back to text in one normal form: comments gone, one space between tokens
 * (none around a {@code .} between names), key words lower case, identifiers quoted only when they were,
 * every string constant as {@code '?'} and every number as {@code 0}.
 *
 * <p>Two uses, on purpose the same text: it is the key of the fingerprint cache, and it is what JSqlParser
 * is given to read a WHERE condition. Since no analysis ever sees a literal's value through it, two
 * statements with one fingerprint are analysed alike, and the cache cannot change a verdict. The rendering
 * is injective on token streams up to literal values: a quoted identifier is re-quoted with its quotes
 * doubled, so {@code "a b"} cannot be confused with {@code a b}.
 */
final class Fingerprint {

    static final String STRING = "'?'";
    static final String NUMBER = "0";

    private Fingerprint() {
    }

    static String of(List<Token> tokens) {
        StringBuilder out = new StringBuilder(tokens.size() * 8);
        Token prev = null;
        for (Token t : tokens) {
            if (prev != null && !joins(prev, t)) {
                out.append(' ');
            }
            render(t, out);
            prev = t;
        }
        return out.toString();
    }

    /** No space between a name and a following or preceding {@code .}: JSqlParser reads {@code a.b} only. */
    private static boolean joins(Token prev, Token next) {
        return next.isSymbol(".") && isName(prev)
                || prev.isSymbol(".") && (isName(next) || next.isSymbol("*"));
    }

    private static boolean isName(Token t) {
        return t.kind() == TokenKind.KEYWORD_OR_IDENTIFIER || t.kind() == TokenKind.QUOTED_IDENTIFIER;
    }

    private static void render(Token t, StringBuilder out) {
        switch (t.kind()) {
            case STRING -> out.append(STRING);
            case NUMBER -> out.append(NUMBER);
            case QUOTED_IDENTIFIER -> out.append('"').append(t.text().replace("\"", "\"\"")).append('"');
            default -> out.append(t.text());
        }
    }
}
