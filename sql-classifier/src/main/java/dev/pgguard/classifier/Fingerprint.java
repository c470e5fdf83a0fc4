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
 *
 * <p>Held as one run of characters, the key: per token its kind's marker ({@link #marker}, a control
 * character U+0001 to U+0008), then its text unless it is a literal. No text that goes in holds a marker
 * ({@link #of} gives no fingerprint for a statement with one), so a key reads back into exactly one sequence
 * of kinds and texts: equal keys, equal fingerprints. A flat key is what lets {@link FingerprintScanner} build
 * it straight from the characters, with no token objects; a hit costs a hash and one array comparison.
 *
 * <p>{@link #render} writes the same information as text in one normal form, which is what JSqlParser is
 * given to read a WHERE condition, so that it never sees a literal's value either.
 */
final class Fingerprint {

    static final String STRING = "'?'";
    static final String NUMBER = "0";

    private static final int MARKERS = TokenKind.values().length;

    private final char[] key;
    private final int from;
    private final int to;
    private final int hash;

    private Fingerprint(char[] key, int from, int to) {
        this.key = key;
        this.from = from;
        this.to = to;
        this.hash = hash(key, from, to);
    }

    /**
     * A polynomial hash of the key in four interleaved lanes: a key is as long as its statement, and one chain
     * of multiplications (String's hash) would cost a wait per character, a noticeable part of a cache hit.
     */
    private static int hash(char[] key, int from, int to) {
        int h0 = 0;
        int h1 = 0;
        int h2 = 0;
        int h3 = to - from;
        int i = from;
        for (; i + 3 < to; i += 4) {
            h0 = 31 * h0 + key[i];
            h1 = 31 * h1 + key[i + 1];
            h2 = 31 * h2 + key[i + 2];
            h3 = 31 * h3 + key[i + 3];
        }
        for (; i < to; i++) {
            h0 = 31 * h0 + key[i];
        }
        return ((h0 * 31 + h1) * 31 + h2) * 31 + h3;
    }

    /** The fingerprint of these tokens, or null if a token's text holds a marker (a control character). */
    static Fingerprint of(List<Token> tokens) {
        int length = tokens.size();
        for (Token t : tokens) {
            length += isLiteral(t) ? 0 : t.text().length();
        }
        char[] key = new char[length];
        int k = 0;
        for (Token t : tokens) {
            key[k++] = marker(t.kind());
            if (!isLiteral(t)) {
                String text = t.text();
                text.getChars(0, text.length(), key, k);
                k += text.length();
                // only these can hold a control character: words, symbols and parameters never do
                if ((t.kind() == TokenKind.QUOTED_IDENTIFIER || t.kind() == TokenKind.OTHER) && hasMarker(text)) {
                    return null;
                }
            }
        }
        return new Fingerprint(key, 0, k);
    }

    /** The fingerprint whose key is {@code key[from, to)}, which the caller no longer changes. */
    static Fingerprint ofKey(char[] key, int from, int to) {
        return new Fingerprint(key, from, to);
    }

    /** What starts a token of this kind in a key. */
    static char marker(TokenKind kind) {
        return (char) (1 + kind.ordinal());
    }

    static boolean hasMarker(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 1 && text.charAt(i) <= MARKERS) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hash == hash && Arrays.equals(f.key, f.from, f.to, key, from, to);
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

    /** One token as {@link #render(List)} writes it: a literal as its placeholder, never its value. */
    static void render(Token t, StringBuilder out) {
        switch (t.kind()) {
            case STRING -> out.append(STRING);
            case NUMBER -> out.append(NUMBER);
            case QUOTED_IDENTIFIER -> out.append('"').append(t.text().replace("\"", "\"\"")).append('"');
            default -> out.append(t.text());
        }
    }
}
