package dev.pgguard.classifier;

/**
 * Remembers, approximately, which messages were seen recently, so that the exact-text cache takes a message
 * only on its second sighting. Most messages with literals in them never repeat (pgbench's
 * {@code WHERE aid = N}, an ORM's inlined values): caching each would cost a cache insertion and keep a copy
 * of its text alive for a while, for nothing. The fingerprint cache still answers those.
 *
 * <p>A fixed table of hash codes, one slot per hash bucket, written without locks: a race or a collision
 * only means a message is cached one sighting earlier or later. It decides what is cached, never what a
 * cached entry says, so it cannot change a verdict.
 */
final class SeenOnce {

    private final int[] hashes;

    /** @param slots rounded up to a power of two; at least 1 */
    SeenOnce(int slots) {
        this.hashes = new int[Integer.highestOneBit(Math.max(1, slots - 1)) << 1];
    }

    /** True if a text with this hash was seen since its slot was last overwritten; records it either way. */
    boolean seenBefore(String text) {
        int h = text.hashCode();
        int slot = (h ^ (h >>> 16)) & (hashes.length - 1);
        boolean seen = hashes[slot] == h;
        hashes[slot] = h;
        return seen;
    }
}
