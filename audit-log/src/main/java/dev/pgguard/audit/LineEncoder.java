package dev.pgguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Renders records as hash-chained JSON lines into one growing buffer (a batch), and carries the chain's head:
 * the seq and hash of the last line rendered. The line layout, and so what is hashed, is fixed here:
 *
 * <pre>{"v":1,"seq":N,"time":"...","event":"...",FIELDS...,"prev":"HEX64","hash":"HEX64"}\n</pre>
 *
 * {@code hash} = SHA-256 of the line's bytes from its {@code {} up to, not including, {@code ,"hash":"}; a line
 * ends with exactly {@value #SUFFIX_LENGTH} bytes {@code ,"hash":"HEX64"}} before its newline, so a verifier
 * recomputes the hash from the line alone, without re-rendering anything.
 *
 * <p>The JSON is written by hand rather than through a generator: it is the writer thread's hot loop, and a
 * string with a lone surrogate must become a {@code \\uD800} escape, not an exception that would stop the log.
 * Not thread-safe: the writer thread (or open, before it starts) owns it.
 */
final class LineEncoder {

    static final int VERSION = 1;
    /** {@code ,"hash":"} + 64 hex + {@code "}}. */
    static final int SUFFIX_LENGTH = 9 + Sha256.HEX_LENGTH + 2;

    private static final byte[] START = ascii("{\"v\":" + VERSION + ",\"seq\":");
    private static final byte[] TIME = ascii(",\"time\":\"");
    private static final byte[] EVENT = ascii("\",\"event\":\"");
    private static final byte[] PREV = ascii(",\"prev\":\"");
    static final byte[] HASH = ascii(",\"hash\":\"");
    private static final byte[] END = ascii("\"}\n");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private byte[] buf = new byte[64 * 1024];
    private int len;
    private final MessageDigest sha = Sha256.newDigest();
    private final byte[] digest = new byte[32];
    private final Rfc3339 time = new Rfc3339();

    private long seq;
    private final byte[] head = new byte[Sha256.HEX_LENGTH];
    /** Where the last line starts, so that the rotation check can take it back (undoLast); -1: none. */
    private int lastStart = -1;

    /** @param seq the seq of the last line of the log (0 for a new log); @param hash its hash */
    LineEncoder(long seq, String hash) {
        if (!Sha256.isHex(hash)) {
            throw new IllegalArgumentException("not a SHA-256 hex hash: " + hash);
        }
        this.seq = seq;
        System.arraycopy(ascii(hash), 0, head, 0, head.length);
    }

    long seq() {
        return seq;
    }

    String hash() {
        return new String(head, StandardCharsets.US_ASCII);
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Forgets the rendered bytes (they were written); the head stays. */
    void clear() {
        len = 0;
        lastStart = -1;
    }

    /** Renders one line at the end of the buffer; returns its length in bytes, newline included. */
    int encode(AuditRecord record, Instant at) {
        int start = len;
        lastStart = start;
        seq++;
        put(START);
        number(seq);
        put(TIME);
        ensure(Rfc3339.LENGTH);
        time.write(at, buf, len);
        len += Rfc3339.LENGTH;
        put(EVENT);
        asciiString(record.event().id());
        put((byte) '"');
        for (int i = 0; i < record.size(); i++) {
            put((byte) ',');
            name(record.name(i));
            value(record.value(i));
        }
        put(PREV);
        put(head);
        put((byte) '"');
        sha.update(buf, start, len - start);
        try {
            sha.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        Sha256.hex(digest, head, 0);
        put(HASH);
        put(head);
        put(END);
        return len - start;
    }

    /**
     * Takes back the line {@link #encode} just rendered: buffer, seq and head as before it. The head before it
     * is the line's own {@code prev}, just before {@code "} + the hash suffix + the newline.
     */
    void undoLast() {
        if (lastStart < 0) {
            throw new IllegalStateException("nothing to undo");
        }
        System.arraycopy(buf, len - 1 - SUFFIX_LENGTH - 1 - head.length, head, 0, head.length);
        len = lastStart;
        seq--;
        lastStart = -1;
    }

    private void name(String name) {
        byte[] known = AuditRecord.jsonName(name);
        if (known != null) {
            put(known);
            return;
        }
        put((byte) '"');
        asciiString(name);
        put((byte) '"');
        put((byte) ':');
    }

    private void value(Object v) {
        if (v == null) {
            put(NULL);
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Long n) {
            number(n);
        } else if (v instanceof Boolean b) {
            put(b ? TRUE : FALSE);
        } else if (v instanceof List<?> list) {
            put((byte) '[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    put((byte) ',');
                }
                value(list.get(i));
            }
            put((byte) ']');
        } else if (v instanceof Map<?, ?> map) {
            put((byte) '{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                name((String) e.getKey());
                value(e.getValue());
            }
            put((byte) '}');
        } else {
            // AuditRecord admits only the types above.
            throw new IllegalStateException("unsupported value " + v.getClass());
        }
    }

    private void number(long n) {
        if (n == Long.MIN_VALUE) {
            asciiString(Long.toString(n));
            return;
        }
        ensure(20);
        if (n < 0) {
            buf[len++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        len += digits;
    }

    /** Names and event ids are ASCII without anything to escape (AuditRecord checks names). */
    private void asciiString(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** A JSON string in UTF-8: escapes {@code " \\} and controls; a lone surrogate becomes a {@code \\u} escape. */
    private void string(String s) {
        // At most 3 bytes per char (a surrogate pair: 4 for 2), except escapes, which ensure their own room.
        ensure(s.length() * 3 + 2);
        buf[len++] = '"';
        for (int i = plainPrefix(s); i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[len++] = (byte) c;
                } else {
                    // 6 bytes for this one, and the 3 per character assumed above for the rest
                    ensure(6 + (s.length() - i) * 3 + 1);
                    escape(c);
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xf0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                ensure(6 + (s.length() - i) * 3 + 1);
                unicodeEscape(c);
            } else {
                buf[len++] = (byte) (0xe0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            }
        }
        buf[len++] = '"';
    }

    /**
     * Copies the longest prefix of {@code s} that is printable ASCII without {@code "} or {@code \\} (for SQL text
     * nearly always the whole string) in one go and returns its length: the character loop then starts there.
     * Finding the prefix reads chars only; {@code String.getBytes(int, int, byte[], int)} then copies it (for the
     * Latin-1 strings SQL text and names are, an array copy).
     */
    @SuppressWarnings("deprecation") // its lossy low-8-bit copy is exact for the ASCII prefix it is given
    private int plainPrefix(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        s.getBytes(0, i, buf, len);
        len += i;
        return i;
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> twoBytes('\\', '"');
            case '\\' -> twoBytes('\\', '\\');
            case '\n' -> twoBytes('\\', 'n');
            case '\r' -> twoBytes('\\', 'r');
            case '\t' -> twoBytes('\\', 't');
            case '\b' -> twoBytes('\\', 'b');
            case '\f' -> twoBytes('\\', 'f');
            default -> unicodeEscape(c);
        }
    }

    private void twoBytes(char a, char b) {
        buf[len++] = (byte) a;
        buf[len++] = (byte) b;
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = Sha256.HEX[c >> 12 & 0xf];
        buf[len++] = Sha256.HEX[c >> 8 & 0xf];
        buf[len++] = Sha256.HEX[c >> 4 & 0xf];
        buf[len++] = Sha256.HEX[c & 0xf];
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
