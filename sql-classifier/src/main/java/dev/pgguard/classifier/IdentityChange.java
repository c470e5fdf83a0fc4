package dev.pgguard.classifier;

import java.util.Set;

/**
 * Whether a statement changes what names resolve to or which role the session acts as: {@code SET} of
 * {@code search_path} (also {@code SET SCHEMA}), {@code role} or {@code session_authorization}, in any of their
 * spellings ({@code SET ROLE}, {@code SET SESSION AUTHORIZATION}, {@code SET LOCAL "Search_Path" = ...}: setting
 * names are case-insensitive even quoted), and {@code set_config()} of one of them anywhere in a statement. A
 * table scope is written against pgguard's pinned {@code search_path} and the agent's login role, so both must
 * stay as they are. Going back to them is no change: {@code SET ... TO DEFAULT}, {@code SET ROLE NONE},
 * {@code SET SESSION AUTHORIZATION DEFAULT}, and RESET and DISCARD ALL, which are not looked at here at all.
 */
final class IdentityChange {

    private static final Set<String> SETTINGS = Set.of("search_path", "role", "session_authorization");

    private IdentityChange() {
    }

    /**
     * Reads the statement's SET, if it is one, and its {@code set_config} calls. Marks the analysis literal-bound
     * when the answer depends on a string's value ({@code set_config('search_path', ...)} and
     * {@code set_config('work_mem', ...)} share a fingerprint).
     */
    static boolean of(TokenView v, AnalysisBuilder out) {
        int first = v.firstWord();
        boolean bySet = first >= 0 && v.isWord(first, "set") && bySet(v, first + 1, out);
        return bySetConfig(v, out) || bySet;
    }

    private static boolean bySet(TokenView v, int i, AnalysisBuilder out) {
        // SET SESSION SESSION AUTHORIZATION is legal: the first SESSION is the scope, the second the setting
        if (v.isWord(i, "local") || v.isWord(i, "session") && !v.isWord(i + 1, "authorization")) {
            i++;
        }
        String setting;
        int value;
        if (v.isWord(i, "session") && v.isWord(i + 1, "authorization")) {
            setting = "session_authorization";
            value = i + 2;
        } else if (v.isWord(i, "schema")) {
            setting = "search_path"; // SET SCHEMA 'app' is SET search_path TO 'app'
            value = i + 1;
        } else if (v.isName(i) && !v.isSymbol(i + 1, ".")) { // a dotted name is an extension's own setting
            setting = fold(v.get(i).text());
            value = i + 1 + (v.isWord(i + 1, "to") || v.isSymbol(i + 1, "=") ? 1 : 0);
        } else {
            return false;
        }
        return SETTINGS.contains(setting) && !restoresLogin(v, value, setting, out);
    }

    /** The value alone is DEFAULT (the session's starting value), or NONE for the role (the login role). */
    private static boolean restoresLogin(TokenView v, int value, String setting, AnalysisBuilder out) {
        if (value != v.size() - 1) {
            return false;
        }
        if (v.isWord(value, "default")) {
            return true;
        }
        Token t = v.get(value);
        if (!setting.equals("role") || (!t.isName() && t.kind() != TokenKind.STRING)) {
            return false;
        }
        if (t.kind() == TokenKind.STRING) {
            out.literalBound = true; // SET ROLE 'none' and SET ROLE 'admin' share a fingerprint
        }
        return t.text().equals("none"); // PostgreSQL compares it so: 'NONE' or "NONE" is a role of that name
    }

    /** Any {@code set_config(name, ...)}: a string names the setting; anything else may name one of the three. */
    private static boolean bySetConfig(TokenView v, AnalysisBuilder out) {
        boolean changes = false;
        for (int i = 0; i + 1 < v.size(); i++) {
            if (!v.isName(i) || !v.get(i).text().equals("set_config") || !v.isSymbol(i + 1, "(")) {
                continue;
            }
            int name = i + 2;
            if (v.isKind(name, TokenKind.STRING) && v.isSymbol(name + 1, ",")) {
                out.literalBound = true;
                changes |= SETTINGS.contains(fold(v.get(name).text()));
            } else {
                changes = true;
            }
        }
        return changes;
    }

    /** Setting names compare case-insensitively, ASCII letters only, as PostgreSQL's {@code guc_name_compare}. */
    private static String fold(String name) {
        return Chars.foldCase(name, 0, name.length());
    }
}
