package dev.pgguard.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The configuration's closed vocabularies: enum constants as YAML spells them ({@code VERIFY_CA} is
 * {@code verify-ca}), and the one message for a word that is not among the allowed ones.
 */
final class YamlNames {

    private YamlNames() {
    }

    /** {@code VERIFY_CA} → {@code verify-ca}. */
    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant spelt {@code text}, case-sensitively (as libpq reads sslmode). */
    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(text)) {
                return constant;
            }
        }
        throw notOneOf(Arrays.stream(type.getEnumConstants()).map(YamlNames::of).toList(), text);
    }

    /** Parser: {@code text} if it is one of {@code allowed}. */
    static Function<String, String> oneOf(List<String> allowed) {
        return text -> {
            if (!allowed.contains(text)) {
                throw notOneOf(allowed, text);
            }
            return text;
        };
    }

    private static IllegalArgumentException notOneOf(List<String> allowed, String text) {
        return new IllegalArgumentException("must be one of " + String.join(", ", allowed) + ", got '" + text + "'");
    }
}
