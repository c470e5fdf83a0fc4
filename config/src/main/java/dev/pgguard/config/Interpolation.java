package dev.pgguard.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME}} in scalar strings from the environment, so secrets stay out of the file. */
final class Interpolation {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Interpolation() {
    }

    /**
     * Throws when a referenced variable is unset (an empty substitute would silently change the meaning) and
     * on a malformed reference. Substituted values are not scanned again.
     */
    static String apply(String text, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int start = text.indexOf("${"); start >= 0; start = text.indexOf("${", from)) {
            Matcher m = REFERENCE.matcher(text).region(start, text.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("'${' must start a reference like ${NAME}"
                        + " (letters, digits and _, not starting with a digit)");
            }
            String value = env.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set");
            }
            out.append(text, from, start).append(value);
            from = m.end();
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The variable's name when {@code text} is exactly one reference, such as {@code ${PGGUARD_PASSWORD}}. */
    static Optional<String> referenceName(String text) {
        Matcher m = REFERENCE.matcher(text);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
