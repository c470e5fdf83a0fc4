package dev.pgguard.approval;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of one execution a human approves: SHA-256 over the agent, the exact SQL bytes and the exact
 * bind-parameter bytes (each length-prefixed, so no two different inputs concatenate alike). A late approval
 * pre-authorises exactly this key, so the agent's retry must be the same statement with the same values.
 */
public final class StatementKey {

    private final byte[] digest;

    private StatementKey(byte[] digest) {
        this.digest = digest;
    }

    /** @param parameters raw parameter values as sent in Bind; null for SQL NULL */
    public static StatementKey of(String agent, String sql, List<byte[]> parameters) {
        MessageDigest sha = sha256();
        field(sha, agent.getBytes(StandardCharsets.UTF_8));
        field(sha, sql.getBytes(StandardCharsets.UTF_8));
        for (byte[] p : parameters) {
            field(sha, p);
        }
        return new StatementKey(sha.digest());
    }

    private static void field(MessageDigest sha, byte[] value) {
        sha.update(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            sha.update(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatementKey k && MessageDigest.isEqual(k.digest, digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
