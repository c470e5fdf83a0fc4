package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One statement of a (possibly multi-statement) SQL string, with its tokens. The terminating semicolon
 * is not part of it.
 */
public final class Statement {

    private final String source;
    private final int start;
    private final int end;
    private final List<Token> tokens;
    private final int maxDepth;

    Statement(String source, List<Token> tokens, int maxDepth) {
        this.source = source;
        this.tokens = tokens;
        this.maxDepth = maxDepth;
        this.start = tokens.get(0).start();
        this.end = tokens.get(tokens.size() - 1).end();
    }

    /** The deepest nesting of parentheses in the statement, as the splitter counted it. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Offset of the statement's first token in the source. */
    public int start() {
        return start;
    }

    /** Offset just past the statement's last token (before its semicolon and any trailing comment). */
    public int end() {
        return end;
    }

    /** The statement's source text, comments between its tokens included. */
    public String text() {
        return source.substring(start, end);
    }

    public List<Token> tokens() {
        return tokens;
    }

    /**
     * The unquoted words, lower case, in order: the key words and the unquoted identifiers (the lexer
     * cannot tell them apart). Quoted identifiers, strings and comments contribute nothing, so a rule
     * looking for {@code drop} here is not fooled by {@code 'DROP'}, {@code "DROP"} or a comment. Rules
     * must consider all of them, not only the first: see {@link StatementSplitter} on BEGIN ATOMIC.
     */
    public List<String> keywords() {
        List<String> words = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            if (t.kind() == TokenKind.KEYWORD_OR_IDENTIFIER) {
                words.add(t.text());
            }
        }
        return Collections.unmodifiableList(words);
    }

    /**
     * The word the statement starts with, skipping opening parentheses ({@code (SELECT 1)} gives
     * {@code select}); empty if it starts with anything else, such as a quoted identifier.
     */
    public String firstKeyword() {
        int i = TokenView.firstWord(tokens);
        return i < 0 ? "" : tokens.get(i).text();
    }

    @Override
    public String toString() {
        return "Statement[" + start + ".." + end + " " + keywords() + "]";
    }
}
