package dev.pgguard.config;

/**
 * One {@code schema.table} pattern of an agent's table scope or a write grant (checked here, where the config is
 * read, so that a bad one is reported with its line; matched by the classifier's TableScope). Each part is written as PostgreSQL writes a name:
 * unquoted it is folded to lower case and may hold {@code *} for any run of characters ({@code public.*},
 * {@code *.audit_log}, {@code app.order_*}); double-quoted it is exact and {@code ""} stands for a quote
 * ({@code "Sales"."Q1 *"} names that one table, star and all).
 */
public final class TablePattern {

    private static final String EXAMPLES = "write schema.table, e.g. public.orders, public.*, *.audit_log or "
            + "\"My Schema\".\"My Table\"";

    /** One part of the pattern: an exact name, or a glob when it was unquoted and holds a {@code *}. */
    private record Part(String text, boolean glob, int end) {
        boolean matches(String name) {
            return glob ? globMatches(text, name) : text.equals(name);
        }
    }

    private final String source;
    private final Part schema;
    private final Part table;

    private TablePattern(String source, Part schema, Part table) {
        this.source = source;
        this.schema = schema;
        this.table = table;
    }

    /** Parses {@code pattern}; an IllegalArgumentException says what is wrong and what a good pattern looks like. */
    public static TablePattern parse(String pattern) {
        if (pattern.isEmpty()) {
            throw problem(pattern, "is empty");
        }
        Part schema = part(pattern, 0, "schema");
        if (schema.end() == pattern.length()) {
            throw new IllegalArgumentException("table pattern \"" + pattern + "\" must be schema-qualified, e.g. "
                    + "public.orders or public.*");
        }
        Part table = part(pattern, schema.end() + 1, "table");
        if (table.end() < pattern.length()) {
            throw problem(pattern, "has more than one dot outside double quotes");
        }
        return new TablePattern(pattern, schema, table);
    }

    /** Whether the table, schema-qualified, matches (names as PostgreSQL sees them: unquoted ones folded). */
    public boolean matches(String schemaName, String tableName) {
        return schema.matches(schemaName) && table.matches(tableName);
    }

    /** The pattern as written, for the sentences that name it. */
    @Override
    public String toString() {
        return source;
    }

    /** The part that starts at {@code start} and ends at the next unquoted dot or the end of the pattern. */
    private static Part part(String pattern, int start, String what) {
        if (start == pattern.length() || pattern.charAt(start) == '.') {
            throw problem(pattern, "has an empty " + what + " part");
        }
        return pattern.charAt(start) == '"' ? quoted(pattern, start) : unquoted(pattern, start);
    }

    private static Part quoted(String pattern, int start) {
        StringBuilder name = new StringBuilder();
        int i = start + 1;
        while (true) {
            int quote = pattern.indexOf('"', i);
            if (quote < 0) {
                throw problem(pattern, "has a double quote at character " + (start + 1) + " that is never closed");
            }
            name.append(pattern, i, quote);
            if (quote + 1 < pattern.length() && pattern.charAt(quote + 1) == '"') {
                name.append('"'); // "" inside a quoted name is one quote
                i = quote + 2;
                continue;
            }
            int end = quote + 1;
            if (name.isEmpty()) {
                throw problem(pattern, "has an empty quoted name at character " + (start + 1));
            }
            if (end < pattern.length() && pattern.charAt(end) != '.') {
                throw problem(pattern, "goes on after the closing double quote at character " + end
                        + " (a part is either \"quoted\" or unquoted as a whole)");
            }
            return new Part(name.toString(), false, end);
        }
    }

    private static Part unquoted(String pattern, int start) {
        int i = start;
        boolean glob = false;
        while (i < pattern.length() && pattern.charAt(i) != '.') {
            char c = pattern.charAt(i);
            boolean fits = c == '*' || (i == start ? isIdentStart(c) : isIdentCont(c));
            if (!fits) {
                throw problem(pattern, "has '" + c + "' at character " + (i + 1) + ", which an unquoted name cannot "
                        + (i == start ? "start with" : "hold") + " (letters, digits, _, $ and the wildcard *); "
                        + "double-quote a name that needs it");
            }
            glob |= c == '*';
            i++;
        }
        return new Part(foldAscii(pattern.substring(start, i)), glob, i);
    }

    private static IllegalArgumentException problem(String pattern, String what) {
        return new IllegalArgumentException("table pattern \"" + pattern + "\" " + what + ": " + EXAMPLES);
    }

    /** {@code *} matches any run of characters (none included); everything else itself. */
    private static boolean globMatches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = n;
            } else if (g < glob.length() && glob.charAt(g) == name.charAt(n)) {
                g++;
                n++;
            } else if (star >= 0) {
                g = star + 1; // let the last star take one more character
                n = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** PostgreSQL's identifier characters (scan.l): letters, _, and any byte of a multi-byte character. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentCont(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    /** PostgreSQL folds unquoted names to lower case in ASCII only (in UTF-8 databases). */
    private static String foldAscii(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }
}
