package dev.pgguard.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Looks into code pgguard cannot analyse statement by statement (DO blocks, function and procedure bodies)
 * for destructive key words. SQL and PL/pgSQL bodies are tokenized with the {@link Lexer}, so a word
 * inside a string of the body ({@code RAISE NOTICE 'drop'}) is not one; bodies in other languages
 * (plpython, plperl, ...), or that do not tokenize, are read word by word over the raw text, quotes and all.
 */
final class OpaqueCode {

    static final Set<String> DESTRUCTIVE = Set.of("drop", "truncate", "delete", "update", "alter", "execute",
            "merge", "copy", "grant", "revoke");
    private static final Set<String> SQL_LANGUAGES = Set.of("plpgsql", "sql");

    private OpaqueCode() {
    }

    /**
     * The opaque-code rule for a DO or CREATE FUNCTION/PROCEDURE statement: scans its body strings (in the
     * routine's LANGUAGE) and, for a BEGIN ATOMIC body, its own tokens from the first top-level BEGIN on (where
     * StatementSplitter opens a block, so everything after it may be statements glued on). The analysis is bound
     * to the literals' text: it may never be reused by fingerprint.
     */
    static void scanStatement(TokenView v, String what, AnalysisBuilder out) {
        String language = null;
        int lang = v.find("language", 0, 0, v.size());
        if (lang >= 0 && (v.isName(lang + 1) || v.isKind(lang + 1, TokenKind.STRING))) {
            language = v.get(lang + 1).text().toLowerCase(Locale.ROOT);
        }
        Set<String> found = new TreeSet<>();
        boolean atomic = false;
        for (int i = 0; i < v.size(); i++) {
            atomic |= v.isWord(i, "begin") && v.depth(i) == 0;
            if (isBody(v, i)) {
                found.addAll(scan(v.get(i).text(), language, out));
            } else if (atomic && v.word(i) != null && DESTRUCTIVE.contains(v.word(i))) {
                found.add(v.word(i)); // a BEGIN ATOMIC body's strings are literals, its words are code
            }
        }
        out.literalBound = true;
        if (!found.isEmpty()) {
            out.find(Rule.OPAQUE_CODE, what + " contains " + String.join(", ", found).toUpperCase(Locale.ROOT)
                    + ": pgguard cannot see what that code will do to which rows");
        }
    }

    /**
     * A string that is code: DO's body ({@code DO [LANGUAGE l] 'body'}), or a routine's
     * {@code AS 'body' [, 'link symbol']}; not a default value, a LANGUAGE name or a SET value.
     */
    private static boolean isBody(TokenView v, int i) {
        if (!v.isKind(i, TokenKind.STRING) || v.depth(i) != 0 || v.isWord(i - 1, "language")) {
            return false;
        }
        return v.isWord(0, "do") || v.isWord(i - 1, "as") || v.isSymbol(i - 1, ",") && v.isWord(i - 3, "as");
    }

    /**
     * Scans {@code body}; the destructive words found are returned (sorted, for a stable reason), and the
     * names of the functions it calls are added to {@code out}.
     */
    private static Set<String> scan(String body, String language, AnalysisBuilder out) {
        Set<String> found = new TreeSet<>();
        if (language == null || SQL_LANGUAGES.contains(language)) {
            try {
                List<Token> tokens = Lexer.tokenize(body);
                for (int i = 0; i < tokens.size(); i++) {
                    Token t = tokens.get(i);
                    if (t.kind() == TokenKind.KEYWORD_OR_IDENTIFIER && DESTRUCTIVE.contains(t.text())) {
                        found.add(t.text());
                    }
                    if (t.isName() && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")) {
                        out.functions.add(t.text());
                    }
                }
                return found;
            } catch (LexException e) {
                // PL/pgSQL is not SQL token for token everywhere: fall back to the raw reading
            }
        }
        for (String word : words(body)) {
            if (DESTRUCTIVE.contains(word)) {
                found.add(word);
            }
            out.functions.add(word);
        }
        return found;
    }

    /** The identifier-like words of the text, lower case. */
    private static Set<String> words(String text) {
        Set<String> words = new TreeSet<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) != '_') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) {
                i++;
            }
            words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
