package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits a SQL string into statements at top-level semicolons. PostgreSQL's grammar, not its scanner,
 * splits a simple-Query string, and it parses the whole string before running any of it; this mirrors the
 * rule psql applies on the client side, which agrees with the grammar on real SQL:
 * <ul>
 *   <li>a semicolon inside a string, quoted identifier, dollar quote or comment is not a token at all;</li>
 *   <li>a semicolon inside parentheses does not split (the server would reject such a statement as a
 *       whole anyway);</li>
 *   <li>a SQL-standard function body, {@code CREATE [OR REPLACE] {FUNCTION|PROCEDURE} ... BEGIN ATOMIC
 *       ...; ...; END}, holds semicolons: in a statement that starts with those words, outside
 *       parentheses, {@code BEGIN} opens a block, {@code CASE} opens one if a block is already open (it
 *       also ends with {@code END}), and {@code END} closes one. Semicolons inside an open block do not
 *       split.</li>
 * </ul>
 * The BEGIN ATOMIC rule is a heuristic, as it is in psql: a column named {@code begin} inside the body
 * keeps the block open and glues the following statements to the CREATE. Gluing hides no token, it only
 * makes a statement longer; that is why rules must look at every keyword of a statement, never only the
 * first. Empty statements ({@code ;;}, or only comments) are dropped.
 */
public final class StatementSplitter {

    private StatementSplitter() {
    }

    /** Splits with {@code standard_conforming_strings = on}. */
    public static List<Statement> split(String sql) throws LexException {
        return split(sql, true);
    }

    public static List<Statement> split(String sql, boolean standardConformingStrings) throws LexException {
        List<Token> tokens = Lexer.tokenize(sql, standardConformingStrings);
        List<Statement> statements = new ArrayList<>();
        int first = 0;
        int parens = 0;
        int deepest = 0;
        int blocks = 0;
        RoutineHeader header = new RoutineHeader();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == TokenKind.KEYWORD_OR_IDENTIFIER) {
                header.accept(t.text());
                if (parens == 0 && header.isRoutine()) {
                    blocks = nextBlockDepth(blocks, t.text());
                }
            } else if (t.kind() == TokenKind.PUNCTUATION && t.text().length() == 1) {
                switch (t.text().charAt(0)) {
                    case '(' -> deepest = Math.max(deepest, ++parens);
                    case ')' -> parens = Math.max(0, parens - 1);
                    case ';' -> {
                        if (parens == 0 && blocks == 0) {
                            add(sql, tokens, first, i, deepest, statements);
                            first = i + 1;
                            deepest = 0;
                            header = new RoutineHeader();
                        }
                    }
                    default -> { }
                }
            }
        }
        add(sql, tokens, first, tokens.size(), deepest, statements);
        return Collections.unmodifiableList(statements);
    }

    private static int nextBlockDepth(int blocks, String word) {
        switch (word) {
            case "begin": return blocks + 1;
            case "case": return blocks > 0 ? blocks + 1 : 0;
            case "end": return Math.max(0, blocks - 1);
            default: return blocks;
        }
    }

    private static void add(String sql, List<Token> tokens, int from, int to, int deepest, List<Statement> out) {
        if (to > from) {
            out.add(new Statement(sql, tokens.subList(from, to), deepest));
        }
    }

    /** Recognises {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE} from the first words of a statement. */
    private static final class RoutineHeader {
        private int count;
        private boolean create;
        private boolean orReplace;
        private boolean routine;

        void accept(String word) {
            switch (count++) {
                case 0 -> create = word.equals("create");
                case 1 -> {
                    routine = create && isRoutineWord(word);
                    orReplace = create && word.equals("or");
                }
                case 2 -> orReplace = orReplace && word.equals("replace");
                case 3 -> routine = routine || (orReplace && isRoutineWord(word));
                default -> { }
            }
        }

        boolean isRoutine() {
            return routine;
        }

        private static boolean isRoutineWord(String word) {
            return word.equals("function") || word.equals("procedure");
        }
    }
}
