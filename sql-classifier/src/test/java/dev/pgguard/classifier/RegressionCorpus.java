package dev.pgguard.classifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The statements of PostgreSQL's own regression suite ({@code src/test/regress/sql/*.sql} of PostgreSQL
 * 15.18, vendored as {@code pg-regress/pg-regress-sql.zip}, see the NOTICE.md beside it), cut the way psql
 * would send them to the server when it runs those scripts.
 *
 * <p>The reader is a small psql-like scanner: it follows strings, quoted identifiers, dollar quotes and
 * (nested) comments, so that a backslash or a semicolon inside them means nothing, and outside them:
 * <ul>
 *   <li>a top-level {@code ;} ends what psql sends (not inside parentheses, nor inside the
 *       {@code BEGIN ... END} of a {@code CREATE FUNCTION|PROCEDURE}, tracked as psql 15 tracks it);</li>
 *   <li>a backslash starts a meta-command that runs to the end of the line (or to {@code \\}) and is
 *       dropped; {@code \g}, {@code \gx}, {@code \gset}, {@code \gexec}, {@code \gdesc},
 *       {@code \crosstabview} and {@code \watch} also end what psql sends, {@code \r} discards it, and
 *       {@code \;} puts a semicolon into the buffer without sending;</li>
 *   <li>after what psql sent holds a {@code COPY ... FROM STDIN} (or after a {@code \copy ... from stdin}),
 *       the data lines up to and including the line {@code \.} are dropped. The regression scripts also
 *       hold COPY statements that fail before any data is read (psql then reads the next lines as SQL):
 *       a data block is taken only if none of its lines is a comment, a psql meta-command or a line that
 *       starts with a word and ends with {@code ;} (a statement).</li>
 * </ul>
 * Each thing psql would send is then split with {@link StatementSplitter#split(String, boolean)}; one that
 * does not lex is skipped and counted. {@code standard_conforming_strings} follows the scripts' own
 * {@code SET}/{@code RESET} of it. psql variables ({@code :var}, {@code :'var'}, {@code :"var"}) that the
 * scripts {@code \set} (or {@code \getenv}, see {@link #ENVIRONMENT}) are replaced by their values, as psql
 * does; the others (from {@code \gset}, say) stay as written. psql conditionals ({@code \if}) are not
 * evaluated: every branch is read.
 */
final class RegressionCorpus {

    /** Classpath resource, relative to this package. */
    static final String RESOURCE = "pg-regress/pg-regress-sql.zip";

    /**
     * One statement of the corpus.
     *
     * @param file      the script's file name, e.g. {@code alter_table.sql}
     * @param line      1-based line of the statement's first token in that script
     * @param statement the statement as {@link StatementSplitter} cut it
     */
    record Entry(String file, int line, Statement statement) {

        /** The statement's text, as the classifier gets it. */
        String sql() {
            return statement.text();
        }

        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /**
     * @param entries       every statement, in file order
     * @param files         how many scripts were read
     * @param skippedChunks how many of the strings psql would send did not lex (so were skipped)
     * @param skipped       where and why, for each skipped one
     * @param copyBlocks    how many COPY data blocks were dropped
     */
    record Corpus(List<Entry> entries, int files, int skippedChunks, List<String> skipped, int copyBlocks) {
    }

    private RegressionCorpus() {
    }

    private static volatile Corpus cached;

    /** The corpus, read once per JVM. */
    static Corpus load() {
        Corpus c = cached;
        if (c == null) {
            synchronized (RegressionCorpus.class) {
                c = cached;
                if (c == null) {
                    c = read();
                    cached = c;
                }
            }
        }
        return c;
    }

    private static Corpus read() {
        List<Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int files = 0;
        int copyBlocks = 0;
        try (InputStream raw = RegressionCorpus.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            try (ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8)) {
                for (ZipEntry ze = zip.getNextEntry(); ze != null; ze = zip.getNextEntry()) {
                    if (ze.isDirectory() || !ze.getName().endsWith(".sql")) {
                        continue;
                    }
                    String name = ze.getName().substring(ze.getName().lastIndexOf('/') + 1);
                    String text = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    Script script = new Script(name, text, entries, skipped);
                    script.run();
                    copyBlocks += script.copyBlocks;
                    files++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Corpus(Collections.unmodifiableList(entries), files, skipped.size(),
                Collections.unmodifiableList(skipped), copyBlocks);
    }

    /** Meta-commands after which psql sends its query buffer. */
    private static final Set<String> SENDING = Set.of("g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch");

    /**
     * What {@code \getenv} finds: pg_regress sets these for the scripts (they name the files COPY and
     * CREATE FUNCTION ... LANGUAGE C use); stand-in paths of a Debian build.
     */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PG_ABS_SRCDIR", "/usr/src/postgresql-15/src/test/regress",
            "PG_ABS_BUILDDIR", "/usr/src/postgresql-15/build/src/test/regress",
            "PG_LIBDIR", "/usr/lib/postgresql/15/lib",
            "PG_DLSUFFIX", ".so");

    private static final Pattern COPY_FROM_STDIN_META =
            Pattern.compile("(?is)copy\\b.*\\bfrom\\s+p?stdin\\b.*");

    /** A line of SQL where a COPY data line was expected: the COPY failed, psql reads on as SQL. */
    private static final Pattern STATEMENT_LINE =
            Pattern.compile("(?i)\\s*[a-z_]+(\\s.*)?;\\s*(--.*)?");

    private static final Pattern META_LINE = Pattern.compile(
            "\\s*\\\\(set|unset|pset|echo|qecho|warn|if|elif|else|endif|c|connect|copy|g[a-z]*|x|t|a|o|"
                    + "getenv|setenv|lo_[a-z]+|s[fv]|p|r|q|quit|d[a-zA-Z+]*)(\\s.*)?");

    /** The scanner for one script. */
    private static final class Script {

        private final String file;
        private final String src;
        private final int len;
        private final int[] lineStarts;
        private final List<Entry> out;
        private final List<String> skipped;

        private final StringBuilder buf = new StringBuilder();
        /** For each character of {@link #buf}, its offset in {@link #src}. */
        private int[] origin = new int[1024];

        private int pos;
        private int parenDepth;
        private int beginDepth;
        private int identCount;
        private final char[] idents = new char[4];
        private boolean scs = true;
        private int pendingCopies;
        private final Map<String, String> vars = new HashMap<>();
        int copyBlocks;

        Script(String file, String src, List<Entry> out, List<String> skipped) {
            this.file = file;
            this.src = src;
            this.len = src.length();
            this.out = out;
            this.skipped = skipped;
            int n = 1;
            for (int i = 0; i < len; i++) {
                if (src.charAt(i) == '\n') {
                    n++;
                }
            }
            lineStarts = new int[n];
            n = 1;
            for (int i = 0; i < len; i++) {
                if (src.charAt(i) == '\n') {
                    lineStarts[n++] = i + 1;
                }
            }
        }

        void run() {
            while (pos < len) {
                if (pendingCopies > 0 && pos > 0 && src.charAt(pos - 1) == '\n') {
                    skipCopyData();
                    if (pos >= len) {
                        break;
                    }
                }
                step();
            }
            send();
        }

        private void step() {
            char c = src.charAt(pos);
            char n = pos + 1 < len ? src.charAt(pos + 1) : '\0';
            if (c == '-' && n == '-') {
                int eol = endOfLine(pos);
                append(pos, eol);
                pos = eol;
            } else if (c == '/' && n == '*') {
                blockComment();
            } else if (c == '\'') {
                quoted(pos, pos + 1, '\'', !scs);
            } else if (c == '"') {
                quoted(pos, pos + 1, '"', false);
            } else if (c == '$') {
                dollar();
            } else if (Chars.isIdentStart(c)) {
                word(c, n);
            } else if (c >= '0' && c <= '9') {
                int p = pos + 1;
                while (p < len && (Chars.isIdentCont(src.charAt(p)) || src.charAt(p) == '.')) {
                    p++;
                }
                append(pos, p);
                pos = p;
            } else if (c == '(') {
                parenDepth++;
                append(pos, ++pos);
            } else if (c == ')') {
                parenDepth = Math.max(0, parenDepth - 1);
                append(pos, ++pos);
            } else if (c == ';') {
                append(pos, ++pos);
                if (parenDepth == 0 && beginDepth == 0) {
                    send();
                }
            } else if (c == '\\') {
                backslash(n);
            } else if (c == ':') {
                colon(n);
            } else {
                append(pos, ++pos);
            }
        }

        /** A word, or the prefix of a string: E'..', N'..', B'..', X'..', U&'..', U&"..". */
        private void word(char c, char n) {
            if (n == '\'') {
                switch (c) {
                    case 'e': case 'E':
                        quoted(pos, pos + 2, '\'', true);
                        return;
                    case 'n': case 'N':
                        quoted(pos, pos + 2, '\'', !scs);
                        return;
                    case 'b': case 'B': case 'x': case 'X':
                        quoted(pos, pos + 2, '\'', false);
                        return;
                    default:
                        break;
                }
            }
            if ((c == 'u' || c == 'U') && n == '&' && pos + 2 < len
                    && (src.charAt(pos + 2) == '\'' || src.charAt(pos + 2) == '"')) {
                quoted(pos, pos + 3, src.charAt(pos + 2), false);
                return;
            }
            int p = pos + 1;
            while (p < len && Chars.isIdentCont(src.charAt(p))) {
                p++;
            }
            String w = src.substring(pos, p).toLowerCase(Locale.ROOT);
            // psql 15 (psqlscan.l): remember the first letters of the first words, and inside
            // CREATE [OR REPLACE] FUNCTION|PROCEDURE (by first letters, as psql does) count BEGIN/CASE/END.
            if (identCount == 0) {
                Arrays.fill(idents, '\0');
            }
            if (identCount < idents.length) {
                idents[identCount] = w.charAt(0);
            }
            identCount++;
            if (idents[0] == 'c' && (idents[1] == 'f' || idents[1] == 'p'
                    || (idents[1] == 'o' && idents[2] == 'r' && (idents[3] == 'f' || idents[3] == 'p')))
                    && parenDepth == 0) {
                if (w.equals("begin")) {
                    beginDepth++;
                } else if (w.equals("case")) {
                    if (beginDepth >= 1) {
                        beginDepth++;
                    }
                } else if (w.equals("end") && beginDepth > 0) {
                    beginDepth--;
                }
            }
            append(pos, p);
            pos = p;
        }

        /** A string or quoted identifier from {@code start}, its body from {@code body}; doubled quotes stay inside. */
        private void quoted(int start, int body, char quote, boolean backslashEscapes) {
            int p = body;
            while (p < len) {
                char ch = src.charAt(p);
                if (backslashEscapes && ch == '\\') {
                    p += 2;
                } else if (ch == quote) {
                    if (p + 1 < len && src.charAt(p + 1) == quote) {
                        p += 2;
                    } else {
                        p++;
                        break;
                    }
                } else {
                    p++;
                }
            }
            p = Math.min(p, len);
            append(start, p);
            pos = p;
        }

        private void blockComment() {
            int p = pos + 2;
            int depth = 1;
            while (p < len && depth > 0) {
                if (src.startsWith("/*", p)) {
                    depth++;
                    p += 2;
                } else if (src.startsWith("*/", p)) {
                    depth--;
                    p += 2;
                } else {
                    p++;
                }
            }
            append(pos, p);
            pos = p;
        }

        /** {@code $1}, {@code $tag$...$tag$}, or a lone {@code $}. */
        private void dollar() {
            int p = pos + 1;
            if (p < len && src.charAt(p) >= '0' && src.charAt(p) <= '9') {
                while (p < len && src.charAt(p) >= '0' && src.charAt(p) <= '9') {
                    p++;
                }
                append(pos, p);
                pos = p;
                return;
            }
            if (p < len && Chars.isIdentStart(src.charAt(p))) {
                while (p < len && Chars.isTagCont(src.charAt(p))) {
                    p++;
                }
            }
            if (p < len && src.charAt(p) == '$') {
                String tag = src.substring(pos, p + 1);
                int close = src.indexOf(tag, p + 1);
                int end = close < 0 ? len : close + tag.length();
                append(pos, end);
                pos = end;
                return;
            }
            append(pos, ++pos);
        }

        /** A backslash outside quotes and comments: {@code \;}, {@code \:} or a meta-command. */
        private void backslash(char n) {
            if (n == ';' || n == ':') {
                appendSynthetic(n, pos);
                if (n == ';') {
                    identCount = 0;
                }
                pos += 2;
                return;
            }
            int p = pos + 1;
            while (p < len && !Character.isWhitespace(src.charAt(p)) && src.charAt(p) != '\\') {
                p++;
            }
            String name = src.substring(pos + 1, p);
            // Arguments run to the end of the line, or to "\\" outside single quotes.
            int eol = endOfLine(p);
            int argEnd = eol;
            int resume = eol;
            boolean inQuote = false;
            for (int i = p; i < eol; i++) {
                char ch = src.charAt(i);
                if (ch == '\'') {
                    inQuote = !inQuote;
                } else if (!inQuote && ch == '\\' && i + 1 < eol && src.charAt(i + 1) == '\\') {
                    argEnd = i;
                    resume = i + 2;
                    break;
                }
            }
            String args = src.substring(p, argEnd).trim();
            appendSynthetic(' ', pos);
            pos = resume;
            if (SENDING.contains(name)) {
                send();
            } else if (name.equals("r") || name.equals("reset")) {
                discard();
            } else if (name.equals("copy") && COPY_FROM_STDIN_META.matcher("copy " + args).matches()) {
                pendingCopies++;
            } else if (name.equals("set")) {
                setVariable(args);
            } else if (name.equals("unset")) {
                vars.remove(args);
            } else if (name.equals("getenv")) {
                String[] a = args.split("\\s+");
                if (a.length == 2 && ENVIRONMENT.containsKey(a[1])) {
                    vars.put(a[0], ENVIRONMENT.get(a[1]));
                } else if (a.length >= 1) {
                    vars.remove(a[0]);
                }
            }
        }

        /**
         * {@code ::} (a cast), {@code :=}, or a psql variable: {@code :name}, {@code :'name'} (as a literal),
         * {@code :"name"} (as an identifier). A variable the scripts set is replaced by its value, as psql
         * does; the value is not rescanned here, which only matters for the semicolons in it, and the
         * splitter finds those. An unknown one (set by {@code \gset}, say) stays as written.
         */
        private void colon(char n) {
            if (n == ':' || n == '=') {
                append(pos, pos + 2);
                pos += 2;
                return;
            }
            int at = pos;
            if ((n == '\'' || n == '"') && pos + 2 < len) {
                int close = src.indexOf(n, pos + 2);
                int eol = endOfLine(pos);
                if (close > pos + 2 && close < eol) {
                    String value = vars.get(src.substring(pos + 2, close));
                    if (value != null) {
                        appendSynthetic(n == '\'' ? literal(value) : identifier(value), at);
                        pos = close + 1;
                        return;
                    }
                }
            } else if (isVariableChar(n)) {
                int p = pos + 1;
                while (p < len && isVariableChar(src.charAt(p))) {
                    p++;
                }
                String value = vars.get(src.substring(pos + 1, p));
                if (value != null) {
                    appendSynthetic(value, at);
                    pos = p;
                    return;
                }
            }
            append(pos, ++pos);
        }

        /**
         * {@code \set name value...}: the value is the concatenation of the arguments after the name, each
         * a run of bare text, {@code '...'} (doubled quotes and backslash escapes decoded) and variable
         * references. If it refers to a variable this reader does not know, the variable is dropped.
         */
        private void setVariable(String args) {
            int i = 0;
            int n = args.length();
            while (i < n && !Character.isWhitespace(args.charAt(i))) {
                i++;
            }
            String name = args.substring(0, i);
            if (name.isEmpty()) {
                return;
            }
            StringBuilder value = new StringBuilder();
            boolean known = true;
            while (i < n) {
                char ch = args.charAt(i);
                char nx = i + 1 < n ? args.charAt(i + 1) : '\0';
                if (Character.isWhitespace(ch)) {
                    i++;
                } else if (ch == '\'') {
                    i = unquote(args, i + 1, value);
                } else if (ch == ':' && (nx == '\'' || nx == '"')) {
                    int close = args.indexOf(nx, i + 2);
                    String v = close < 0 ? null : vars.get(args.substring(i + 2, close));
                    if (v == null) {
                        known = false;
                        i = close < 0 ? n : close + 1;
                    } else {
                        value.append(nx == '\'' ? literal(v) : identifier(v));
                        i = close + 1;
                    }
                } else if (ch == ':' && isVariableChar(nx)) {
                    int p = i + 1;
                    while (p < n && isVariableChar(args.charAt(p))) {
                        p++;
                    }
                    String v = vars.get(args.substring(i + 1, p));
                    if (v == null) {
                        known = false;
                    } else {
                        value.append(v);
                    }
                    i = p;
                } else if (ch == '`') {
                    known = false;
                    int close = args.indexOf('`', i + 1);
                    i = close < 0 ? n : close + 1;
                } else {
                    value.append(ch);
                    i++;
                }
            }
            if (known) {
                vars.put(name, value.toString());
            } else {
                vars.remove(name);
            }
        }

        /** A psql single-quoted argument from {@code i} (past the quote) into {@code out}; returns the end. */
        private static int unquote(String s, int i, StringBuilder out) {
            while (i < s.length()) {
                char ch = s.charAt(i);
                if (ch == '\'') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                        out.append('\'');
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                if (ch == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(i + 1);
                    out.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'b' -> '\b';
                        case 'r' -> '\r';
                        case 'f' -> '\f';
                        default -> e;
                    });
                    i += 2;
                    continue;
                }
                out.append(ch);
                i++;
            }
            return i;
        }

        /** As psql quotes {@code :'var'} (PQescapeLiteral). */
        private static String literal(String v) {
            boolean backslash = v.indexOf('\\') >= 0;
            String body = v.replace("'", "''");
            return backslash ? " E'" + body.replace("\\", "\\\\") + "'" : "'" + body + "'";
        }

        /** As psql quotes {@code :"var"} (PQescapeIdentifier). */
        private static String identifier(String v) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }

        private static boolean isVariableChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c >= '\u0080';
        }

        /** Drops the data blocks of the COPY ... FROM STDIN just sent, if they are there. */
        private void skipCopyData() {
            int copies = pendingCopies;
            pendingCopies = 0;
            for (int i = 0; i < copies; i++) {
                int q = pos;
                int end = -1;
                while (q < len) {
                    int eol = endOfLine(q);
                    String line = src.substring(q, eol);
                    int next = Math.min(len, eol + 1);
                    if (line.equals("\\.")) {
                        end = next;
                        break;
                    }
                    if (line.stripLeading().startsWith("--") || STATEMENT_LINE.matcher(line).matches()
                            || META_LINE.matcher(line).matches()) {
                        break;
                    }
                    q = next;
                }
                if (end < 0) {
                    return; // the COPY failed before reading data: psql reads on as SQL
                }
                pos = end;
                copyBlocks++;
            }
        }

        private void discard() {
            buf.setLength(0);
            parenDepth = 0;
            beginDepth = 0;
            identCount = 0;
        }

        /** What psql sends: split it into statements. */
        private void send() {
            String text = buf.toString();
            int[] map = origin;
            discard();
            if (text.isBlank()) {
                return;
            }
            List<Statement> statements;
            try {
                statements = StatementSplitter.split(text, scs);
            } catch (LexException e) {
                int at = firstNonBlank(text);
                skipped.add(file + ":" + lineOf(map[at]) + ": " + e.getMessage());
                return;
            }
            for (Statement s : statements) {
                out.add(new Entry(file, lineOf(map[s.start()]), s));
                pendingCopies += copiesFromStdin(s);
                followStandardConformingStrings(s);
            }
        }

        private static int copiesFromStdin(Statement s) {
            if (!s.firstKeyword().equals("copy")) {
                return 0;
            }
            List<Token> t = s.tokens();
            int depth = 0;
            for (int i = 0; i + 1 < t.size(); i++) {
                if (t.get(i).isSymbol("(")) {
                    depth++;
                } else if (t.get(i).isSymbol(")")) {
                    depth--;
                } else if (depth == 0 && t.get(i).isWord("from")
                        && (t.get(i + 1).isWord("stdin") || t.get(i + 1).isWord("stdout"))) {
                    return 1;
                }
            }
            return 0;
        }

        private void followStandardConformingStrings(Statement s) {
            List<String> kw = s.keywords();
            if (kw.isEmpty()) {
                return;
            }
            if (kw.get(0).equals("reset") && (kw.contains("standard_conforming_strings") || kw.contains("all"))) {
                scs = true;
            } else if (kw.get(0).equals("set") && kw.contains("standard_conforming_strings")) {
                List<Token> t = s.tokens();
                String value = t.get(t.size() - 1).text().toLowerCase(Locale.ROOT);
                scs = !(value.equals("off") || value.equals("false") || value.equals("no") || value.equals("0"));
            }
        }

        private void append(int from, int to) {
            ensure(to - from);
            for (int i = from; i < to; i++) {
                origin[buf.length()] = i;
                buf.append(src.charAt(i));
            }
        }

        private void appendSynthetic(String text, int at) {
            for (int i = 0; i < text.length(); i++) {
                appendSynthetic(text.charAt(i), at);
            }
        }

        private void appendSynthetic(char c, int at) {
            ensure(1);
            origin[buf.length()] = at;
            buf.append(c);
        }

        private void ensure(int more) {
            int need = buf.length() + more;
            if (need > origin.length) {
                origin = Arrays.copyOf(origin, Math.max(need, origin.length * 2));
            }
        }

        private int endOfLine(int from) {
            int eol = src.indexOf('\n', from);
            return eol < 0 ? len : eol;
        }

        private int lineOf(int offset) {
            int i = Arrays.binarySearch(lineStarts, offset);
            return i >= 0 ? i + 1 : -i - 1;
        }

        private static int firstNonBlank(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isWhitespace(s.charAt(i))) {
                    return i;
                }
            }
            return 0;
        }
    }
}
