package dev.pgguard.proxy.audit;

import dev.pgguard.classifier.LexException;
import dev.pgguard.classifier.Lexer;
import dev.pgguard.classifier.Token;
import dev.pgguard.classifier.TokenKind;

/**
 * SQL with its string and number literals replaced ({@code 'secret'} → {@code '?'}, {@code 42} → {@code 0}),
 * for audit logs that must not keep values; everything else, comments included, stays as written. Tokenized
 * by the classifier's lexer, so a quote inside a comment or a dollar-quoted body is read as PostgreSQL reads it.
 */
final class SqlRedaction {

    private SqlRedaction() {
    }

    static String redact(String sql) {
        try {
            StringBuilder out = new StringBuilder(sql.length());
            int copied = 0;
            for (Token t : Lexer.tokenize(sql)) {
                if (t.kind() == TokenKind.STRING || t.kind() == TokenKind.NUMBER) {
                    out.append(sql, copied, t.start()).append(t.kind() == TokenKind.STRING ? "'?'" : "0");
                    copied = t.end();
                }
            }
            return out.append(sql, copied, sql.length()).toString();
        } catch (LexException e) {
            // nothing of it is written rather than something that may hold a value
            return "(redacted: the SQL could not be tokenized)";
        }
    }
}
