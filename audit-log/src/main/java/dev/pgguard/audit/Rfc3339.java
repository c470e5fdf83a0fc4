package dev.pgguard.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 UTC with exactly six fraction digits, {@code 2026-11-25T10:00:00.123456Z}: fixed width, so the
 * strings sort as the times do. The byte form caches the part up to the second, which changes once a second,
 * because a formatter per record would be a good part of the writer's time. Not thread-safe.
 */
final class Rfc3339 {

    static final int LENGTH = 27;
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] prefix = new byte[20];

    static String format(Instant t) {
        return FORMAT.format(t);
    }

    /** Writes the {@link #LENGTH} bytes of {@code t} at {@code off}. */
    void write(Instant t, byte[] dst, int off) {
        long second = t.getEpochSecond();
        if (second != cachedSecond) {
            // "2026-11-25T10:00:00." of the same formatter that format() uses, once a second
            byte[] whole = format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(whole, 0, prefix, 0, prefix.length);
            cachedSecond = second;
        }
        System.arraycopy(prefix, 0, dst, off, prefix.length);
        digits(t.getNano() / 1000, 6, dst, off + 20);
        dst[off + 26] = 'Z';
    }

    private static void digits(int value, int width, byte[] dst, int off) {
        for (int i = off + width - 1; i >= off; i--) {
            dst[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
