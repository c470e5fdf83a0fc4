package dev.pgguard.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SCRAM-SHA-256 verifier in PostgreSQL's pg_authid format:
 * {@code SCRAM-SHA-256$<iter>:<salt b64>$<StoredKey b64>:<ServerKey b64>}.
 *
 * <p>Arrays are copied in and out, so an instance is immutable; equals and hashCode compare contents
 * (a record's default would compare array identity) and toString never prints the keys.
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    /** PostgreSQL's default (scram_iterations). */
    public static final int DEFAULT_ITERATIONS = 4096;
    /** PostgreSQL's SCRAM_DEFAULT_SALT_LEN. */
    static final int DEFAULT_SALT_LENGTH = 16;

    private static final String PREFIX = "SCRAM-SHA-256$";
    private static final String FORM_MESSAGE =
            "SCRAM verifier must have the form SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>";
    private static final SecureRandom SALT_RANDOM = new SecureRandom();

    public ScramVerifier {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iterations must be positive, got " + iterations);
        }
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt must not be empty");
        }
        if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM StoredKey and ServerKey must be 32 bytes");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** Parses the pg_authid text; messages name the broken part and never echo the input (it holds keys). */
    public static ScramVerifier parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("SCRAM verifier must start with \"SCRAM-SHA-256$\"");
        }
        String[] halves = text.substring(PREFIX.length()).split("\\$", -1);
        if (halves.length != 2) {
            throw new IllegalArgumentException(FORM_MESSAGE);
        }
        String[] iterationsAndSalt = halves[0].split(":", -1);
        String[] keys = halves[1].split(":", -1);
        if (iterationsAndSalt.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException(FORM_MESSAGE);
        }
        int iterations = parseIterations(iterationsAndSalt[0]);
        byte[] salt = decode(iterationsAndSalt[1], "salt");
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM verifier salt must not be empty");
        }
        byte[] storedKey = decodeKey(keys[0], "StoredKey");
        byte[] serverKey = decodeKey(keys[1], "ServerKey");
        return new ScramVerifier(iterations, salt, storedKey, serverKey);
    }

    /** A verifier with a random 16-byte salt, as CREATE ROLE ... PASSWORD would store. */
    public static ScramVerifier generate(String password, int iterations) {
        byte[] salt = new byte[DEFAULT_SALT_LENGTH];
        SALT_RANDOM.nextBytes(salt);
        return generate(password, salt, iterations);
    }

    public static ScramVerifier generate(String password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iterations must be positive, got " + iterations);
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt must not be empty");
        }
        byte[] salted = ScramCrypto.saltedPassword(password, salt, iterations);
        byte[] clientKey = ScramCrypto.clientKey(salted);
        try {
            return new ScramVerifier(iterations, salt, ScramCrypto.sha256(clientKey), ScramCrypto.serverKey(salted));
        } finally {
            Arrays.fill(salted, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
        }
    }

    /**
     * A deterministic fake verifier for an unknown user, so that a login attempt for a non-existent agent
     * looks the same as a wrong password (PostgreSQL's "mock authentication"): the same user always gets
     * the same salt, and the exchange runs to the proof check like a real one.
     *
     * <p>No password can pass: StoredKey is an HMAC output, not H(ClientKey) of anything a client could
     * know, so passing would need a SHA-256 preimage. Like PostgreSQL, this uses the default iteration
     * count, so real verifiers with a non-default count remain distinguishable.
     */
    public static ScramVerifier mock(String username, byte[] serverSecret) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(serverSecret, "serverSecret");
        if (serverSecret.length < 16) {
            throw new IllegalArgumentException("mock authentication secret must be at least 16 bytes");
        }
        byte[] salt = Arrays.copyOf(mockHmac(serverSecret, "salt", username), DEFAULT_SALT_LENGTH);
        return new ScramVerifier(DEFAULT_ITERATIONS, salt, mockHmac(serverSecret, "stored-key", username),
                mockHmac(serverSecret, "server-key", username));
    }

    /** Back to the pg_authid text form. */
    public String format() {
        return PREFIX + iterations + ":" + ScramMessages.base64(salt) + "$" + ScramMessages.base64(storedKey)
                + ":" + ScramMessages.base64(serverKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
                && Arrays.equals(storedKey, v.storedKey) && Arrays.equals(serverKey, v.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(storedKey))
                + Arrays.hashCode(serverKey);
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + ", salt=" + ScramMessages.base64(salt) + ", keys=<redacted>]";
    }

    private static int parseIterations(String text) {
        // Digits only: Integer.parseInt would also take "+4096" and "-1".
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("SCRAM verifier iteration count must be a positive integer");
        }
        long value = Long.parseLong(text);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SCRAM verifier iteration count must be a positive integer");
        }
        return (int) value;
    }

    private static byte[] decodeKey(String text, String name) {
        byte[] key = decode(text, name);
        if (key.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM verifier " + name + " must be 32 bytes");
        }
        return key;
    }

    private static byte[] decode(String text, String name) {
        try {
            return ScramMessages.base64(text, name);
        } catch (ScramException e) {
            throw new IllegalArgumentException("SCRAM verifier " + name + " is not valid base64");
        }
    }

    /** Distinct labels keep the salt and the two keys independent of each other. */
    private static byte[] mockHmac(byte[] secret, String label, String username) {
        byte[] data = ("pgguard-mock-" + label + "\0" + username).getBytes(StandardCharsets.UTF_8);
        return ScramCrypto.hmac(secret, data);
    }
}
