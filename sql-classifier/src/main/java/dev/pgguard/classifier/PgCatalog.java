package dev.pgguard.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What PostgreSQL 15 has built in, as far as pgguard needs to know without asking the server: the relations,
 * function names and type names of {@code pg_catalog} and the grammar's key words. Read from resource files generated
 * from a real server (each file's header says how), so that the lists are PostgreSQL's, not a guess.
 */
final class PgCatalog {

    static final String SCHEMA = "pg_catalog";
    static final String INFORMATION_SCHEMA = "information_schema";

    private static final Set<String> RELATIONS = lines("pg15-catalog-relations.txt");
    private static final Set<String> FUNCTIONS = lines("pg15-catalog-functions.txt");
    private static final Set<String> TYPES = lines("pg15-catalog-types.txt");
    private static final Map<String, Character> KEYWORDS = keywords();

    private PgCatalog() {
    }

    /** A table or view of {@code pg_catalog} ({@code pg_class}, {@code pg_stat_activity}, ...). */
    static boolean isRelation(String name) {
        return RELATIONS.contains(name);
    }

    /** A function, aggregate or procedure name of {@code pg_catalog}, exactly as stored (case matters). */
    static boolean isFunction(String name) {
        return FUNCTIONS.contains(name);
    }

    /** A type of {@code pg_catalog}: written like a call ({@code jsonb('{}')}) its name is a cast to it. */
    static boolean isType(String name) {
        return TYPES.contains(name);
    }

    /** Any key word of the grammar, reserved or not. */
    static boolean isKeyword(String word) {
        return KEYWORDS.containsKey(word);
    }

    /** A reserved key word: never a name unless quoted. */
    static boolean isReserved(String word) {
        Character category = KEYWORDS.get(word);
        return category != null && category == 'R';
    }

    /** A key word that, used as a name, must be quoted: all but the unreserved ones, as {@code quote_ident} has it. */
    static boolean mustQuote(String word) {
        Character category = KEYWORDS.get(word);
        return category != null && category != 'U';
    }

    /**
     * A reserved or column-name key word: written unquoted and unqualified before {@code (} it is grammar
     * ({@code IN (}, {@code COALESCE(}, {@code VALUES (}), never a call of a function someone defined.
     */
    static boolean isGrammarOnly(String word) {
        Character category = KEYWORDS.get(word);
        return category != null && (category == 'R' || category == 'C');
    }

    private static Set<String> lines(String resource) {
        Set<String> out = new HashSet<>();
        read(resource, out::add);
        return Set.copyOf(out);
    }

    private static Map<String, Character> keywords() {
        Map<String, Character> out = new HashMap<>();
        read("pg15-keywords.txt", line -> {
            int space = line.indexOf(' ');
            out.put(line.substring(0, space), line.charAt(space + 1));
        });
        return Map.copyOf(out);
    }

    private static void read(String resource, Consumer<String> line) {
        try (InputStream in = PgCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classifier's jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                if (!l.isEmpty() && !l.startsWith("#")) {
                    line.accept(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
