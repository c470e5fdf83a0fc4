package dev.pgguard.approval.blast;

import dev.pgguard.classifier.LexException;
import dev.pgguard.classifier.Statement;
import dev.pgguard.classifier.StatementSplitter;
import dev.pgguard.classifier.Token;
import dev.pgguard.classifier.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What the probe needs to know of one statement beyond the classifier's verdict: its leading words, whether it
 * cascades or carries bind parameters, and the names after {@code DROP DATABASE} / {@code DROP SCHEMA} (the
 * classifier lists tables only). Read with the classifier's own lexer, so that a word inside a string, a
 * quoted identifier or a comment is not taken for a key word.
 *
 * <p>The text is lexed with {@code standard_conforming_strings = on}: the setting of pgguard's control
 * connections, on which EXPLAIN runs the text.
 */
final class StatementShape {

    private final Statement statement;
    private final List<Token> tokens;
    private final String verb;

    private StatementShape(Statement statement) {
        this.statement = statement;
        this.tokens = statement.tokens();
        this.verb = statement.firstKeyword();
    }

    /**
     * The shape of {@code sql}, or null when it is not exactly one statement that lexes: such text is never
     * EXPLAINed, since the driver would run every statement in it.
     */
    static StatementShape of(String sql) {
        try {
            List<Statement> statements = StatementSplitter.split(sql);
            return statements.size() == 1 ? new StatementShape(statements.get(0)) : null;
        } catch (LexException e) {
            return null;
        }
    }

    /** The first key word, lower case: {@code delete}, {@code drop}, {@code with}, ...; empty if none. */
    String verb() {
        return verb;
    }

    /**
     * For a DROP, what it drops: {@code table}, {@code view}, {@code materialized view}, {@code foreign table},
     * {@code index}, {@code sequence}, {@code schema}, {@code database}, {@code function}, ...; else empty.
     */
    String dropTarget() {
        if (!verb.equals("drop") || !isWordAt(0, "drop")) {
            return "";
        }
        String first = wordAt(1);
        if (first.equals("materialized") || first.equals("foreign")) {
            return first + " " + wordAt(2);
        }
        return first;
    }

    /** Whether the statement says CASCADE anywhere (DROP ... CASCADE, TRUNCATE ... CASCADE). */
    boolean cascades() {
        return statement.keywords().contains("cascade");
    }

    /** Whether it has {@code $n} parameters: its plan would depend on values pgguard does not substitute. */
    boolean hasParameters() {
        for (Token t : tokens) {
            if (t.kind() == TokenKind.PARAMETER) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names a {@code DROP DATABASE} or {@code DROP SCHEMA} names, as PostgreSQL reads them (unquoted ones
     * folded to lower case), after an optional {@code IF EXISTS}; empty for other statements.
     */
    List<String> droppedNames() {
        String target = dropTarget();
        if (!target.equals("database") && !target.equals("schema")) {
            return List.of();
        }
        int i = 2;
        if (isWordAt(i, "if") && isWordAt(i + 1, "exists")) {
            i += 2;
        }
        List<String> names = new ArrayList<>();
        while (isName(i)) {
            names.add(tokens.get(i).text());
            if (i + 1 >= tokens.size() || !tokens.get(i + 1).isSymbol(",")) {
                break;
            }
            i += 2;
        }
        return names;
    }

    private boolean isName(int i) {
        if (i >= tokens.size()) {
            return false;
        }
        TokenKind kind = tokens.get(i).kind();
        return kind == TokenKind.KEYWORD_OR_IDENTIFIER || kind == TokenKind.QUOTED_IDENTIFIER;
    }

    private boolean isWordAt(int i, String word) {
        return i < tokens.size() && tokens.get(i).isWord(word);
    }

    private String wordAt(int i) {
        return i < tokens.size() && tokens.get(i).kind() == TokenKind.KEYWORD_OR_IDENTIFIER
                ? tokens.get(i).text() : "";
    }
}
