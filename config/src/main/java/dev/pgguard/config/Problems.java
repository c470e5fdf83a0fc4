package dev.pgguard.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one load, so the user fixes the whole file in one go rather than one run per error. */
final class Problems {

    private final List<ConfigProblem> found = new ArrayList<>();

    void add(String path, Node at, String message) {
        found.add(new ConfigProblem(path, lineOf(at == null ? null : at.getStartMark()), message));
    }

    /** Lets a section tell whether reading it went wrong: {@code int mark = count(); ...; count() > mark}. */
    int count() {
        return found.size();
    }

    /** In file order, which is how people fix them; the sort is stable, so same-line problems keep theirs. */
    List<ConfigProblem> list() {
        return found.stream().sorted(Comparator.comparingInt(ConfigProblem::line)).toList();
    }

    /** SnakeYAML counts lines from 0; people count from 1. */
    static int lineOf(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
