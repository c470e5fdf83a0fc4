package dev.pgguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SQL coloured for the approver: keywords bold blue, the ones that destroy or rewrite data bold red (what the
 * approver is deciding about should stand out), strings green, comments dim, numbers and parameters cyan.
 * Without colour it is the same text. Every line is painted on its own, so a string or comment that spans lines
 * does not leave the terminal coloured after the SQL, whatever prefix the caller puts before each line.
 */
final class SqlHighlighter {

    private static final Set<String> DESTRUCTIVE = Set.of("DROP", "DELETE", "TRUNCATE", "UPDATE", "ALTER",
            "GRANT", "REVOKE", "CASCADE", "REPLACE");

    private static final Set<String> KEYWORDS = Set.of("ADD", "ALL", "ANALYZE", "AND", "ANY", "AS", "ASC",
            "BEGIN", "BETWEEN", "BY", "CALL", "CASE", "CHECK", "COLUMN", "COMMIT", "CONSTRAINT", "COPY", "CREATE",
            "CROSS", "DATABASE", "DEFAULT", "DESC", "DISTINCT", "DO", "ELSE", "END", "EXCEPT", "EXECUTE",
            "EXISTS", "EXPLAIN", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "FUNCTION", "GROUP",
            "HAVING", "IF", "ILIKE", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "KEY",
            "LEFT", "LIKE", "LIMIT", "LOCK", "NOT", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUTER",
            "PRIMARY", "PROCEDURE", "REFERENCES", "RENAME", "RESTRICT", "RETURNING", "RIGHT", "ROLE", "ROLLBACK",
            "SCHEMA", "SELECT", "SEQUENCE", "SET", "TABLE", "THEN", "TO", "TRANSACTION", "TRIGGER", "TRUE",
            "UNION", "UNIQUE", "USER", "USING", "VACUUM", "VALUES", "VIEW", "WHEN", "WHERE", "WITH");

    private final Ansi ansi;

    SqlHighlighter(Ansi ansi) {
        this.ansi = ansi;
    }

    /** The SQL's lines, coloured, with control characters escaped; no line terminators. */
    List<String> lines(String sql) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        // One kind of line end, so that "\r\n" never splits between a comment and the white space after it.
        String text = sql.replace("\r\n", "\n").replace('\r', '\n');
        for (SqlTokens.Token token : SqlTokens.of(text)) {
            String[] pieces = token.text(text).split("\n", -1);
            for (int p = 0; p < pieces.length; p++) {
                if (p > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(paint(token.kind(), Text.printable(pieces[p])));
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private String paint(SqlTokens.Kind kind, String text) {
        return switch (kind) {
            case WORD -> word(text);
            case STRING -> ansi.green(text);
            case COMMENT -> ansi.dim(text);
            case NUMBER, PARAMETER -> ansi.cyan(text);
            default -> text;
        };
    }

    private String word(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (DESTRUCTIVE.contains(upper)) {
            return ansi.red(ansi.bold(text));
        }
        return KEYWORDS.contains(upper) ? ansi.blue(ansi.bold(text)) : text;
    }
}
