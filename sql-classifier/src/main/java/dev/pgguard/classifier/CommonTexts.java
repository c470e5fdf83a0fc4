package dev.pgguard.classifier;

/**
 * One shared String for the texts statements are made of — words (key words, and the table and column names
 * a workload keeps using), punctuation and the common operators — so that the lexer hands these out instead
 * of copying each token's text out of the source. That saves an allocation for most tokens on the
 * classifier's hot path, and later comparisons and hash codes of these texts are nearly free (identity, and
 * a hash String computed once).
 *
 * <p>Words go through a direct-mapped table of the words seen recently, shared by all threads and written
 * without locks: a slot holds the last word that hashed to it, and a word not found is copied and takes its
 * slot. Strings are immutable, so a racing reader sees either the old word or the new one, both correct;
 * collisions and races only cost a copy. Memory is bounded by the table size times {@link #LONGEST_WORD}.
 */
final class CommonTexts {

    /** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1); longer words are not worth sharing. */
    static final int LONGEST_WORD = 63;

    private static final String[] RECENT_WORDS = new String[8192];

    private CommonTexts() {
    }

    /**
     * The word {@code src[start, end)} folded to lower case as PostgreSQL folds it (ASCII letters only).
     *
     * @param h the folded word's {@link String#hashCode}, which the lexer computes while it finds the word's end
     */
    static String word(String src, int start, int end, int h) {
        int length = end - start;
        if (length > LONGEST_WORD) {
            return Chars.foldCase(src, start, end);
        }
        int slot = (h ^ (h >>> 16)) & (RECENT_WORDS.length - 1);
        String recent = RECENT_WORDS[slot];
        // most SQL is written in lower case, where a plain region comparison (no folding per character) decides
        if (recent != null && recent.length() == length
                && (src.regionMatches(start, recent, 0, length) || Chars.foldsTo(src, start, recent))) {
            return recent;
        }
        String word = Chars.foldCase(src, start, end);
        RECENT_WORDS[slot] = word;
        return word;
    }

    /** Punctuation or an operator: the shared text for the common ones, else a copy of the source. */
    static String symbol(String src, int start, int end) {
        char c = src.charAt(start);
        if (end - start == 1) {
            switch (c) {
                case '(': return "(";
                case ')': return ")";
                case ',': return ",";
                case ';': return ";";
                case '.': return ".";
                case '[': return "[";
                case ']': return "]";
                case ':': return ":";
                case '=': return "=";
                case '*': return "*";
                case '<': return "<";
                case '>': return ">";
                case '+': return "+";
                case '-': return "-";
                case '/': return "/";
                default: break;
            }
        } else if (end - start == 2) {
            char d = src.charAt(start + 1);
            switch (c) {
                case ':': if (d == ':') { return "::"; } break;
                case '<': if (d == '=') { return "<="; } if (d == '>') { return "<>"; } break;
                case '>': if (d == '=') { return ">="; } break;
                case '!': if (d == '=') { return "!="; } break;
                case '|': if (d == '|') { return "||"; } break;
                default: break;
            }
        }
        return src.substring(start, end);
    }
}
