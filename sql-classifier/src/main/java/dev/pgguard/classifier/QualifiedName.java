package dev.pgguard.classifier;

/** Reads a possibly schema-qualified name ({@code a}, {@code s.a}, {@code db.s.a}) from the tokens. */
final class QualifiedName {

    private QualifiedName() {
    }

    /** The name starting at {@code i}, or null when no identifier stands there. */
    static TableRef at(TokenView v, int i) {
        if (!v.isName(i)) {
            return null;
        }
        String schema = null;
        String name = v.get(i).text();
        int j = i + 1;
        while (v.isSymbol(j, ".") && v.isName(j + 1)) {
            schema = name;
            name = v.get(j + 1).text();
            j += 2;
        }
        return new TableRef(schema, name);
    }

    /** Index just past the name starting at {@code i} (i itself when there is none). */
    static int end(TokenView v, int i) {
        if (!v.isName(i)) {
            return i;
        }
        int j = i + 1;
        while (v.isSymbol(j, ".") && v.isName(j + 1)) {
            j += 2;
        }
        return j;
    }
}
