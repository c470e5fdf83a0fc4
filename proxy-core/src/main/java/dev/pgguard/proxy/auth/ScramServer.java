package dev.pgguard.proxy.auth;

import static dev.pgguard.proxy.auth.ScramMessages.attribute;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Server side of SCRAM-SHA-256 (RFC 5802, RFC 7677): pgguard authenticating an agent. One instance per
 * login attempt; not thread-safe.
 *
 * <p>States: EXPECT_CLIENT_FIRST --handleClientFirst--> EXPECT_CLIENT_FINAL --handleClientFinal--> DONE.
 * Any failure also moves to DONE, so a peer cannot retry a proof within the same exchange.
 *
 * <p>As in PostgreSQL, the username inside the client-first-message is ignored (the startup message
 * already named the role, and libpq sends it empty), and a wrong proof is reported with an exception,
 * never with an "e=" server-final-message.
 */
public final class ScramServer {

    public static final String MECHANISM = "SCRAM-SHA-256";
    static final String MECHANISM_PLUS = "SCRAM-SHA-256-PLUS";
    static final int MAX_CLIENT_FIRST_BYTES = 1024;
    /** The final message repeats the client nonce, so it gets room for a full-size one plus the rest. */
    static final int MAX_CLIENT_FINAL_BYTES = 2048;

    private enum State { EXPECT_CLIENT_FIRST, EXPECT_CLIENT_FINAL, DONE }

    private final ScramVerifier verifier;
    private final boolean channelBindingOffered;
    private final SecureRandom random;
    private final String fixedServerNonce;

    private State state = State.EXPECT_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param channelBindingOffered whether SCRAM-SHA-256-PLUS was advertised; always false for now. When
     *     true, a client sending "y" is refused as a downgrade (RFC 5802 section 6).
     */
    public ScramServer(ScramVerifier verifier, boolean channelBindingOffered, SecureRandom random) {
        this(verifier, channelBindingOffered, Objects.requireNonNull(random, "random"), null);
    }

    /** For tests: uses {@code serverNonce} as the server's part of the nonce instead of random bytes. */
    ScramServer(ScramVerifier verifier, String serverNonce) {
        this(verifier, false, null, Objects.requireNonNull(serverNonce, "serverNonce"));
    }

    private ScramServer(ScramVerifier verifier, boolean channelBindingOffered, SecureRandom random,
            String fixedServerNonce) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.channelBindingOffered = channelBindingOffered;
        this.random = random;
        this.fixedServerNonce = fixedServerNonce;
    }

    /** Handles the client-first-message (the SASLInitialResponse data); returns the server-first-message. */
    public byte[] handleClientFirst(String mechanism, byte[] clientFirst) throws ScramException {
        expect(State.EXPECT_CLIENT_FIRST, "client-first-message");
        Objects.requireNonNull(clientFirst, "clientFirst");
        if (MECHANISM_PLUS.equals(mechanism)) {
            throw new ScramException("channel binding (" + MECHANISM_PLUS + ") is not supported");
        }
        if (!MECHANISM.equals(mechanism)) {
            throw new ScramException("client selected an unsupported SASL mechanism");
        }
        String text = ScramMessages.decode(clientFirst, MAX_CLIENT_FIRST_BYTES, "client-first-message");

        int flagEnd = text.indexOf(',');
        int authzidEnd = flagEnd < 0 ? -1 : text.indexOf(',', flagEnd + 1);
        if (authzidEnd < 0) {
            throw new ScramException("malformed client-first-message: missing GS2 header");
        }
        checkChannelBindingFlag(text.substring(0, flagEnd));
        String authzid = text.substring(flagEnd + 1, authzidEnd);
        if (authzid.startsWith("a=")) {
            throw new ScramException("SCRAM authorization identities are not supported");
        }
        if (!authzid.isEmpty()) {
            throw new ScramException("malformed client-first-message: invalid GS2 header");
        }

        String bare = text.substring(authzidEnd + 1);
        List<String> fields = ScramMessages.fields(bare);
        if (fields.get(0).startsWith("m=")) {
            throw new ScramException("client requires an unsupported SCRAM extension");
        }
        if (fields.size() < 2) {
            throw new ScramException("malformed client-first-message: missing nonce");
        }
        attribute(fields.get(0), 'n', "client-first-message"); // value ignored, see class comment
        String clientNonce = attribute(fields.get(1), 'r', "client-first-message");
        if (!ScramMessages.isNonce(clientNonce)) {
            throw new ScramException("malformed client-first-message: invalid nonce");
        }
        requireExtensions(fields.subList(2, fields.size()), "client-first-message");

        gs2Header = text.substring(0, authzidEnd + 1);
        clientFirstBare = bare;
        nonce = clientNonce + (fixedServerNonce != null ? fixedServerNonce : ScramMessages.randomNonce(random));
        serverFirst = "r=" + nonce + ",s=" + ScramMessages.base64(verifier.salt()) + ",i=" + verifier.iterations();
        state = State.EXPECT_CLIENT_FINAL;
        return serverFirst.getBytes(StandardCharsets.US_ASCII);
    }

    /** Handles the client-final-message; returns the server-final-message ("v=...") when the proof is right. */
    public byte[] handleClientFinal(byte[] clientFinal) throws ScramException {
        expect(State.EXPECT_CLIENT_FINAL, "client-final-message");
        Objects.requireNonNull(clientFinal, "clientFinal");
        String text = ScramMessages.decode(clientFinal, MAX_CLIENT_FINAL_BYTES, "client-final-message");
        List<String> fields = ScramMessages.fields(text);
        if (fields.size() < 3) {
            throw new ScramException("malformed client-final-message: missing attributes");
        }
        byte[] binding = ScramMessages.base64(attribute(fields.get(0), 'c', "client-final-message"),
                "client-final-message");
        // Without channel binding, c= is exactly the GS2 header the client sent first (RFC 5802 section 7).
        if (!Arrays.equals(binding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            throw new ScramException("SCRAM channel binding check failed");
        }
        if (!nonce.equals(attribute(fields.get(1), 'r', "client-final-message"))) {
            throw new ScramException("SCRAM nonce does not match");
        }
        List<String> extensions = fields.subList(2, fields.size() - 1);
        if (extensions.stream().anyMatch(f -> f.startsWith("p="))) {
            throw new ScramException("malformed client-final-message: proof must be the last attribute");
        }
        requireExtensions(extensions, "client-final-message");
        String proofField = fields.get(fields.size() - 1);
        byte[] proof = ScramMessages.base64(attribute(proofField, 'p', "client-final-message"),
                "client-final-message");
        if (proof.length != ScramCrypto.KEY_LENGTH) {
            throw new ScramException("malformed client-final-message: proof must be 32 bytes");
        }

        String withoutProof = text.substring(0, text.length() - proofField.length() - 1);
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = ScramCrypto.xor(proof, ScramCrypto.hmac(verifier.storedKey(), authMessage));
        if (!MessageDigest.isEqual(ScramCrypto.sha256(clientKey), verifier.storedKey())) {
            throw new ScramException(ScramException.Kind.AUTHENTICATION_FAILED, "SCRAM proof does not match");
        }
        byte[] serverSignature = ScramCrypto.hmac(verifier.serverKey(), authMessage);
        return ("v=" + ScramMessages.base64(serverSignature)).getBytes(StandardCharsets.US_ASCII);
    }

    private void checkChannelBindingFlag(String flag) throws ScramException {
        if (flag.startsWith("p=")) {
            throw new ScramException("client requires SCRAM channel binding, which is not offered");
        }
        if (flag.equals("y") && channelBindingOffered) {
            throw new ScramException("SCRAM channel binding negotiation error: client supports channel binding"
                    + " but did not use the offered " + MECHANISM_PLUS);
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            throw new ScramException("malformed client-first-message: invalid channel binding flag");
        }
    }

    private static void requireExtensions(List<String> fields, String what) throws ScramException {
        for (String field : fields) {
            if (!ScramMessages.isExtension(field)) {
                throw new ScramException("malformed " + what + ": unexpected data after the last attribute");
            }
        }
    }

    /** Moves to DONE first, so that a failure anywhere below leaves the exchange finished. */
    private void expect(State expected, String what) throws ScramException {
        State current = state;
        state = State.DONE;
        if (current != expected) {
            throw new ScramException("unexpected SCRAM " + what);
        }
    }
}
