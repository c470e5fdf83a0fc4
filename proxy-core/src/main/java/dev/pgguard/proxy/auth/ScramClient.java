package dev.pgguard.proxy.auth;

import static dev.pgguard.proxy.auth.ScramMessages.attribute;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Client side of SCRAM-SHA-256 (RFC 5802, RFC 7677): pgguard authenticating to the real PostgreSQL.
 * One instance per connection attempt; not thread-safe.
 *
 * <p>Order: {@link #chooseMechanism}, {@link #clientFirst} (SASLInitialResponse), {@link #handleServerFirst}
 * (AuthenticationSASLContinue, returns the SASLResponse), {@link #handleServerFinal} (AuthenticationSASLFinal).
 * Calling clientFirst out of order is a bug in the caller (IllegalStateException); server messages out of
 * order are the server's fault (ScramException).
 */
public final class ScramClient {

    static final int MAX_SERVER_MESSAGE_BYTES = 4096;
    /** PostgreSQL defaults to 4096; the cap bounds the CPU one login to a hostile or misconfigured upstream costs. */
    static final int MAX_ITERATIONS = 10_000_000;
    /** "n": we do not implement channel binding, so we never claim to support it. */
    private static final String GS2_HEADER = "n,,";

    private enum State { INITIAL, EXPECT_SERVER_FIRST, EXPECT_SERVER_FINAL, DONE }

    private final String password;
    private final SaltedPasswordCache cache;
    private final String clientNonce;
    private final String clientFirstBare;
    private State state = State.INITIAL;
    private byte[] expectedServerSignature;

    public ScramClient(String password, SecureRandom random) {
        this(password, random, null);
    }

    /** @param cache where the salted password is remembered across logins (null: compute every time) */
    public ScramClient(String password, SecureRandom random, SaltedPasswordCache cache) {
        // Empty username, like libpq: PostgreSQL ignores it and uses the role from the startup message.
        this(password, "", ScramMessages.randomNonce(Objects.requireNonNull(random, "random")), cache);
    }

    /** For tests: fixed username and client nonce, to reproduce published test vectors. */
    ScramClient(String password, String username, String clientNonce) {
        this(password, username, clientNonce, null);
    }

    private ScramClient(String password, String username, String clientNonce, SaltedPasswordCache cache) {
        this.password = Objects.requireNonNull(password, "password");
        this.cache = cache;
        this.clientNonce = Objects.requireNonNull(clientNonce, "clientNonce");
        // RFC 5802 saslname: ',' and '=' are escaped as =2C and =3D.
        String saslName = username.replace("=", "=3D").replace(",", "=2C");
        this.clientFirstBare = "n=" + saslName + ",r=" + clientNonce;
    }

    /** Picks SCRAM-SHA-256 from the server's list; never -PLUS, since channel binding is not implemented. */
    public String chooseMechanism(List<String> offered) throws ScramException {
        if (offered.contains(ScramServer.MECHANISM)) {
            return ScramServer.MECHANISM;
        }
        if (offered.contains(ScramServer.MECHANISM_PLUS)) {
            throw new ScramException("server requires " + ScramServer.MECHANISM_PLUS
                    + ", but SCRAM channel binding is not implemented");
        }
        String names = offered.stream().map(ScramMessages::forLog).collect(Collectors.joining(", "));
        throw new ScramException("server offers no supported SASL mechanism (offered: " + names + ")");
    }

    /** The client-first-message: {@code n,,n=,r=<nonce>}. */
    public byte[] clientFirst() {
        if (state != State.INITIAL) {
            throw new IllegalStateException("clientFirst() may be called once, before any server message");
        }
        state = State.EXPECT_SERVER_FIRST;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the server-first-message and returns the client-final-message. */
    public byte[] handleServerFirst(byte[] serverFirst) throws ScramException {
        expect(State.EXPECT_SERVER_FIRST, "server-first-message");
        String text = ScramMessages.decode(serverFirst, MAX_SERVER_MESSAGE_BYTES, "server-first-message");
        List<String> fields = ScramMessages.fields(text);
        if (fields.get(0).startsWith("m=")) {
            throw new ScramException("server requires an unsupported SCRAM extension");
        }
        if (fields.size() < 3) {
            throw new ScramException("malformed server-first-message: missing attributes");
        }
        String nonce = attribute(fields.get(0), 'r', "server-first-message");
        // The server must extend our nonce, not replace it: that is what makes its reply fresh.
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length() || !ScramMessages.isNonce(nonce)) {
            throw new ScramException("server-first-message nonce does not extend the client nonce");
        }
        byte[] salt = ScramMessages.base64(attribute(fields.get(1), 's', "server-first-message"),
                "server-first-message");
        if (salt.length == 0) {
            throw new ScramException("malformed server-first-message: empty salt");
        }
        int iterations = parseIterations(attribute(fields.get(2), 'i', "server-first-message"));
        for (String field : fields.subList(3, fields.size())) {
            if (!ScramMessages.isExtension(field)) {
                throw new ScramException("malformed server-first-message: unexpected data after the last attribute");
            }
        }

        String withoutProof = "c=" + ScramMessages.base64(GS2_HEADER.getBytes(StandardCharsets.US_ASCII)) + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + text + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] salted = cache == null ? ScramCrypto.saltedPassword(password, salt, iterations)
                : cache.get(salt, iterations, () -> ScramCrypto.saltedPassword(password, salt, iterations));
        byte[] clientKey = ScramCrypto.clientKey(salted);
        byte[] serverKey = ScramCrypto.serverKey(salted);
        try {
            byte[] storedKey = ScramCrypto.sha256(clientKey);
            byte[] proof = ScramCrypto.xor(clientKey, ScramCrypto.hmac(storedKey, authMessage));
            expectedServerSignature = ScramCrypto.hmac(serverKey, authMessage);
            state = State.EXPECT_SERVER_FINAL;
            return (withoutProof + ",p=" + ScramMessages.base64(proof)).getBytes(StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(salted, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
        }
    }

    /** Verifies the server signature: proves the server knows the verifier, not just any one that says OK. */
    public void handleServerFinal(byte[] serverFinal) throws ScramException {
        expect(State.EXPECT_SERVER_FINAL, "server-final-message");
        String text = ScramMessages.decode(serverFinal, MAX_SERVER_MESSAGE_BYTES, "server-final-message");
        List<String> fields = ScramMessages.fields(text);
        String first = fields.get(0);
        if (first.startsWith("e=")) {
            throw new ScramException(ScramException.Kind.AUTHENTICATION_FAILED,
                    "server rejected SCRAM authentication: " + ScramMessages.forLog(first.substring(2)));
        }
        byte[] signature = ScramMessages.base64(attribute(first, 'v', "server-final-message"),
                "server-final-message");
        for (String field : fields.subList(1, fields.size())) {
            if (!ScramMessages.isExtension(field)) {
                throw new ScramException("malformed server-final-message: unexpected data after the last attribute");
            }
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new ScramException(ScramException.Kind.AUTHENTICATION_FAILED,
                    "SCRAM server signature does not match");
        }
    }

    private static int parseIterations(String text) throws ScramException {
        if (text.isEmpty() || text.length() > 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ScramException("malformed server-first-message: iteration count must be between 1 and "
                    + MAX_ITERATIONS);
        }
        int value = Integer.parseInt(text);
        if (value < 1 || value > MAX_ITERATIONS) {
            throw new ScramException("malformed server-first-message: iteration count must be between 1 and "
                    + MAX_ITERATIONS);
        }
        return value;
    }

    private void expect(State expected, String what) throws ScramException {
        State current = state;
        state = State.DONE;
        if (current != expected) {
            throw new ScramException("unexpected SCRAM " + what);
        }
    }
}
