package dev.pgguard.classifier;

import java.util.Arrays;
import java.util.List;

/**
 * What a statement is once its literal values are taken out: the sequence of its tokens' kinds and texts,
 * with every string constant and every number reduced to its kind. Comments and whitespace are not tokens,
 * so they are not in it either.
 *
 * <p>It is the key of the classifier's fingerprint cache. Two statements with one fingerprint differ at most
 * in their literal values, and no analysis that is cached ever looks at a literal's value (an analysis that
 * does is marked {@link Analysis#literalBound()} and not cached), so a cache hit cannot change a verdict.
 * Equality compares the token texts, which the lexer mostly shares ({@link CommonTexts}): a hit costs a
 * step per token, not per character.
 *
 * <p>{@link #render} writes the same information as text in one normal form, which is what JSqlParser is
 * given to read a WHERE condition, so that it never sees a literal's value either.
 */
final class Fingerprint {

    static final String STRING = "'?'";
    static final String NUMBER = "0";

    private final byte[] kinds;
    private final String[] texts; // null for a literal
    private final int hash;

    private Fingerprint(byte[] kinds, String[] texts, int hash) {
        this.kinds = kinds;
        this.texts = texts;
        this.hash = hash;
    }

    static Fingerprint of(List<Token> tokens) {
        int n = tokens.size();
        byte[] kinds = new byte[n];
        String[] texts = new String[n];
        int hash = 0;
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            kinds[i] = (byte) t.kind().ordinal();
            texts[i] = isLiteral(t) ? null : t.text();
            hash = 31 * (31 * hash + kinds[i]) + (texts[i] == null ? 0 : texts[i].hashCode());
        }
        return new Fingerprint(kinds, texts, hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hash == hash && Arrays.equals(f.kinds, kinds)
                && Arrays.equals(f.texts, texts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * A short stable name for the statement's shape, the same for every literal value, comment and layout: the
     * first 16 hex digits of SHA-256 over {@link #render}. It is what the audit log records as the fingerprint.
     */
    static String id(List<Token> tokens) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(render(tokens).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The tokens as text: one space between tokens (none around a {@code .} between names), key words lower
     * case, identifiers quoted only when they were (quotes doubled inside, so {@code "a b"} cannot be read
     * as {@code a b}), every string constant as {@code '?'} and every number as {@code 0}.
     */
    static String render(List<Token> tokens) {
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

    private static boolean isLiteral(Token t) {
        return t.kind() == TokenKind.STRING || t.kind() == TokenKind.NUMBER;
    }

    /** No space between a name and a following or preceding {@code .}: JSqlParser reads {@code a.b} only. */
    private static boolean joins(Token prev, Token next) {
        return next.isSymbol(".") && prev.isName()
                || prev.isSymbol(".") && (next.isName() || next.isSymbol("*"));
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
