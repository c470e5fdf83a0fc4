package dev.pgguard.classifier;

import java.util.List;
import java.util.Set;

/**
 * A statement's tokens with their parenthesis depth, and the small questions the analysers ask of them.
 * Indexes outside the list answer "no" rather than throw, so that a rule looking one token ahead of a
 * statement's last one needs no bounds check.
 */
final class TokenView {

    private final List<Token> tokens;
    private final int[] depth;

    TokenView(List<Token> tokens) {
        this.tokens = tokens;
        this.depth = new int[tokens.size()];
        int open = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(")")) {
                open = Math.max(0, open - 1);
                depth[i] = open + 1;
            } else {
                depth[i] = open;
                if (t.isSymbol("(")) {
                    open++;
                }
            }
        }
    }

    int size() {
        return tokens.size();
    }

    Token get(int i) {
        return tokens.get(i);
    }

    List<Token> slice(int from, int to) {
        return tokens.subList(from, to);
    }

    /** Open parentheses around token {@code i}; a closing parenthesis counts as inside its group. */
    int depth(int i) {
        return depth[i];
    }

    boolean isWord(int i, String word) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isWord(word);
    }

    boolean isSymbol(int i, String symbol) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isSymbol(symbol);
    }

    boolean isKind(int i, TokenKind kind) {
        return i >= 0 && i < tokens.size() && tokens.get(i).kind() == kind;
    }

    /** The unquoted word at {@code i}, lower case, or null. */
    String word(int i) {
        return isKind(i, TokenKind.KEYWORD_OR_IDENTIFIER) ? tokens.get(i).text() : null;
    }

    /** An identifier, quoted or not. */
    boolean isName(int i) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isName();
    }

    /**
     * The end (exclusive) of the clause that starts at {@code i}: the closing parenthesis of the group it
     * stands in, a semicolon at its own depth (a rule's action list), or the end of the statement.
     */
    int endOfGroup(int i) {
        int d = depth[i];
        for (int j = i + 1; j < tokens.size(); j++) {
            if (depth[j] < d || (depth[j] == d && (isSymbol(j, ")") || isSymbol(j, ";")))) {
                return j;
            }
        }
        return tokens.size();
    }

    /** The {@code (} of the group token {@code i} stands in ({@code i} may be its {@code )}), or -1. */
    int opening(int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (depth[j] == depth[i] - 1 && isSymbol(j, "(")) {
                return j;
            }
        }
        return -1;
    }

    /** The {@code )} that closes the {@code (} at {@code open} (the statement's end if none does). */
    int closing(int open) {
        return isSymbol(open + 1, ")") ? open + 1 : endOfGroup(open + 1);
    }

    /** First index in [from, to) of {@code word} at depth {@code d}, or -1. */
    int find(String word, int d, int from, int to) {
        for (int j = from; j < to; j++) {
            if (depth[j] == d && isWord(j, word)) {
                return j;
            }
        }
        return -1;
    }

    /** Index of the first word of the statement, skipping opening parentheses; -1 if there is none. */
    int firstWord() {
        return firstWord(tokens);
    }

    /** Index of the first word of {@code tokens}, skipping opening parentheses; -1 if there is none. */
    static int firstWord(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == TokenKind.KEYWORD_OR_IDENTIFIER) {
                return i;
            }
            if (!t.isSymbol("(")) {
                return -1;
            }
        }
        return -1;
    }

    /** The deepest depth of the tokens in [from, to). */
    int maxDepth(int from, int to) {
        int max = 0;
        for (int j = from; j < to; j++) {
            max = Math.max(max, depth[j]);
        }
        return max;
    }

    /** The first index from {@code i} on whose token is not one of {@code words}. */
    int skipWords(int i, Set<String> words) {
        while (word(i) != null && words.contains(word(i))) {
            i++;
        }
        return i;
    }
}
