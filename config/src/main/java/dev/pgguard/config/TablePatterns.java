package dev.pgguard.config;

/** The syntax of a table pattern, checked when the config is read so that a typo is reported with its line. */
final class TablePatterns {

    private TablePatterns() {
    }

    /** A {@code schema.table} pattern: exactly one dot outside double quotes, neither part empty. */
    static void check(String pattern) {
        int dots = 0;
        boolean quoted = false;
        int partLength = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                if (partLength == 0) {
                    break;
                }
                dots++;
                partLength = -1;
            }
            partLength++;
        }
        if (quoted || dots != 1 || partLength == 0) {
            throw new IllegalArgumentException("'" + pattern + "' is not a table pattern: write schema.table, "
                    + "with * for any run of characters (public.orders, public.*, *.audit_log)");
        }
    }
}
