package dev.pgguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configuration errors as a user meets them: each file under {@code invalid-configs/} is a broken pgguard.yaml
 * whose {@code # expect:} lines are exactly the problems pgguard must report for it, in order — path, line and
 * message, as {@code pgguard config check} prints them. A message that gets worse, or a problem that is no
 * longer found, fails here.
 */
class InvalidConfigFilesTest {

    static Stream<Path> files() throws IOException, URISyntaxException {
        Path dir = Path.of(InvalidConfigFilesTest.class.getResource("/invalid-configs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyProblemIsReportedExactly(Path file) throws IOException {
        List<String> expected = Files.readAllLines(file).stream().filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length())).toList();
        assertFalse(expected.isEmpty(), file + " says what it expects");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(expected, e.problems().stream().map(ConfigProblem::toString).toList(), file.toString());
    }

    /** Prints what the files produce, to review the messages as a user would before freezing them. */
    public static void main(String[] args) throws Exception {
        for (Path f : files().toList()) {
            System.out.println("== " + f.getFileName());
            try {
                ConfigLoader.load(f, Map.of());
                System.out.println("(loads)");
            } catch (ConfigException e) {
                e.problems().forEach(p -> System.out.println("# expect: " + p));
            } catch (UncheckedIOException e) {
                System.out.println(e);
            }
        }
    }
}
