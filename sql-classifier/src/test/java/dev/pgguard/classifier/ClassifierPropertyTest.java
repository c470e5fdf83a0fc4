package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pgguard.classifier.ClassifierCorpusTest.Case;
import dev.pgguard.classifier.ClassifierCorpusTest.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties over every case of the classifier corpus: the verdict, the set of rules that fire and what each
 * statement touches ({@link ScopeFacts}) do not change when comments are put between tokens, when unquoted words
 * change case, or when the whitespace between tokens changes. Every variant is checked to lex into the same
 * tokens as the original (a variant that does not, such as two strings joined by a new line, is skipped: it is
 * another statement), and is classified without caches, as is the original it is compared with.
 */
class ClassifierPropertyTest {

    private static final long[] SEEDS = {1L, 17L, 4242L, 20240607L};
    private static final int VARIANTS_PER_SEED = 5; // 20 variants per case and property

    private static final String[] COMMENTS = {
        " /* x */ ", "/* x */", " /* nested /* c */ */ ", "/* a /* b; DROP TABLE z */ c */", " -- x\n",
        " -- DROP TABLE z; 'unclosed\n", "\n-- x\n",
    };

    private static final String[] WHITESPACE = {" ", "  ", "\t", "\n", "\r\n", " \n\t ", "\n\n", "\f", "\t \t"};

    private static final Classifier UNCACHED = new Classifier(ClassifierLimits.DEFAULT.withoutCache());

    /** A way to make a variant of {@code sql}, whose tokens are {@code tokens}. */
    interface Mutation {
        String apply(String sql, List<Token> tokens, Random random);
    }

    @Test
    void commentsBetweenTokensChangeNothing() throws IOException {
        check("comments", ClassifierPropertyTest::insertComments);
    }

    @Test
    void caseOfUnquotedWordsChangesNothing() throws IOException {
        check("case", ClassifierPropertyTest::changeCase);
    }

    @Test
    void whitespaceBetweenTokensChangesNothing() throws IOException {
        check("whitespace", ClassifierPropertyTest::changeWhitespace);
    }

    @Test
    void allThreeTogetherChangeNothing() throws IOException {
        check("combined", (sql, tokens, random) -> {
            String cased = changeCase(sql, tokens, random);
            List<Token> casedTokens = lex(cased); // same offsets: only letters changed case
            if (casedTokens == null) {
                return cased;
            }
            String spaced = changeWhitespace(cased, casedTokens, random);
            List<Token> spacedTokens = lex(spaced);
            return spacedTokens == null ? spaced : insertComments(spaced, spacedTokens, random);
        });
    }

    private static void check(String property, Mutation mutation) throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int skipped = 0;
        for (Case c : ClassifierCorpusTest.load()) {
            List<Token> tokens = lex(c.sql());
            if (tokens == null || tokens.isEmpty()) {
                continue; // does not lex (an unanalysable case) or has nothing to vary
            }
            List<String> shape = shape(tokens);
            Classification original = UNCACHED.classify(c.sql());
            Outcome expected = Outcome.of(original);
            List<ScopeFacts> expectedFacts = ScopeFacts.of(original);
            for (long seed : SEEDS) {
                Random random = new Random(seed * 31 + c.id().hashCode());
                for (int v = 0; v < VARIANTS_PER_SEED; v++) {
                    String variant = mutation.apply(c.sql(), tokens, random);
                    List<Token> variantTokens = lex(variant);
                    if (variantTokens == null || !shape(variantTokens).equals(shape)) {
                        skipped++;
                        continue;
                    }
                    checked++;
                    Classification actual = UNCACHED.classify(variant);
                    boolean same = Outcome.of(actual).equals(expected) && ScopeFacts.of(actual).equals(expectedFacts);
                    if (!same && failures.size() < 60) {
                        failures.add("case " + c.id() + " (" + property + ", seed " + seed + ")\n  original: "
                                + abbreviate(c.sql()) + "\n  variant:  " + abbreviate(variant) + "\n  expected: "
                                + expected + " " + expectedFacts + "\n  actual:   " + Outcome.of(actual) + " "
                                + ScopeFacts.of(actual) + reasons(actual));
                    }
                }
            }
        }
        assertTrue(checked > 0 && skipped * 10 < checked,
                property + ": too many variants changed the tokens (" + skipped + " skipped, " + checked + " checked)");
        if (!failures.isEmpty()) {
            fail(property + ": " + failures.size() + " variants classified differently from their original"
                    + (failures.size() == 60 ? " (first 60)" : "") + ":\n" + String.join("\n", failures));
        }
    }

    /** (a) Comments inserted at token boundaries: right after a token's end, or before the first token. */
    static String insertComments(String sql, List<Token> tokens, Random random) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        if (random.nextInt(4) == 0) {
            out.append(pick(COMMENTS, random));
        }
        for (Token t : tokens) {
            out.append(sql, pos, t.end());
            pos = t.end();
            if (random.nextInt(3) == 0) {
                out.append(pick(COMMENTS, random));
            }
        }
        out.append(sql, pos, sql.length());
        return out.toString();
    }

    /** (b) The case of the letters of unquoted words changed; strings, quoted names and tags untouched. */
    static String changeCase(String sql, List<Token> tokens, Random random) {
        char[] chars = sql.toCharArray();
        for (Token t : tokens) {
            if (t.kind() != TokenKind.KEYWORD_OR_IDENTIFIER) {
                continue;
            }
            int mode = random.nextInt(3);
            for (int i = t.start(); i < t.end(); i++) {
                char ch = chars[i];
                if (ch < 0x80 && Character.isLetter(ch)) {
                    boolean upper = mode == 0 || (mode == 2 && random.nextBoolean());
                    chars[i] = upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch);
                }
            }
        }
        return new String(chars);
    }

    /**
     * (c) Whitespace between tokens (and before the first, after the last) replaced by other whitespace;
     * gaps holding a comment are kept; where two tokens touch, whitespace may be put between them (the
     * caller skips the variant if that changed the tokens).
     */
    static String changeWhitespace(String sql, List<Token> tokens, Random random) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            int gapEnd = i < tokens.size() ? tokens.get(i).start() : sql.length();
            String gap = sql.substring(pos, gapEnd);
            if (gap.isBlank() && random.nextInt(2) == 0) {
                boolean between = i > 0 && i < tokens.size();
                if (!gap.isEmpty() || (between && random.nextInt(2) == 0)) {
                    gap = pick(WHITESPACE, random) + (random.nextInt(4) == 0 ? pick(WHITESPACE, random) : "");
                }
            }
            out.append(gap);
            if (i < tokens.size()) {
                out.append(sql, tokens.get(i).start(), tokens.get(i).end());
                pos = tokens.get(i).end();
            }
        }
        return out.toString();
    }

    static List<Token> lex(String sql) {
        try {
            return Lexer.tokenize(sql);
        } catch (LexException e) {
            return null;
        }
    }

    /** Every token as kind and text: words are folded, so a change of case does not show. */
    static List<String> shape(List<Token> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            out.add(t.kind() + ":" + t.text());
        }
        return out;
    }

    private static String pick(String[] options, Random random) {
        return options[random.nextInt(options.length)];
    }

    private static String reasons(Classification c) {
        StringBuilder sb = new StringBuilder();
        for (ClassifiedStatement s : c.statements()) {
            for (RuleHit hit : s.rules()) {
                sb.append("\n    ").append(hit.rule().id()).append(": ").append(hit.reason());
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r").replace("\f", "\\f");
        return oneLine.length() <= 400
                ? oneLine
                : oneLine.substring(0, 200) + " ... " + oneLine.substring(oneLine.length() - 100);
    }
}
