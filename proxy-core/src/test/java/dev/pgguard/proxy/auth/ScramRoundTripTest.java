package dev.pgguard.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ScramClient against ScramServer, the way the proxy uses them on its two sides. */
class ScramRoundTripTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScramVerifier VERIFIER = ScramVerifier.generate("correct horse", 4096);

    @Test
    void rightPasswordSucceedsOnBothSides() throws Exception {
        ScramClient client = new ScramClient("correct horse", RANDOM);
        ScramServer server = new ScramServer(VERIFIER, false, RANDOM);

        byte[] serverFirst = server.handleClientFirst(client.chooseMechanism(
                List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")), client.clientFirst());
        byte[] serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));

        assertDoesNotThrow(() -> client.handleServerFinal(serverFinal));
    }

    @Test
    void clientFirstLooksLikeLibpq() {
        String first = ascii(new ScramClient("pw", RANDOM).clientFirst());

        // n,, then an empty username, then 18 random bytes in base64.
        assertTrue(first.matches("n,,n=,r=[A-Za-z0-9+/]{24}"), first);
    }

    @Test
    void serverNonceIsTheClientNoncePlus18RandomBytes() throws Exception {
        ScramServer server = new ScramServer(VERIFIER, false, RANDOM);

        String serverFirst = ascii(server.handleClientFirst("SCRAM-SHA-256", bytes("n,,n=,r=abc")));

        assertTrue(serverFirst.matches("r=abc[A-Za-z0-9+/]{24},s=[A-Za-z0-9+/=]+,i=4096"), serverFirst);
    }

    @Test
    void wrongPasswordIsRefusedByTheServer() throws Exception {
        ScramClient client = new ScramClient("wrong horse", RANDOM);
        ScramServer server = new ScramServer(VERIFIER, false, RANDOM);
        byte[] clientFinal = client.handleServerFirst(server.handleClientFirst("SCRAM-SHA-256", client.clientFirst()));

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(clientFinal));

        assertEquals(ScramException.Kind.AUTHENTICATION_FAILED, e.kind());
        assertEquals("SCRAM proof does not match", e.getMessage());
    }

    @Test
    void noRetryAfterAFailedProof() throws Exception {
        ScramClient client = new ScramClient("wrong horse", RANDOM);
        ScramServer server = new ScramServer(VERIFIER, false, RANDOM);
        byte[] clientFinal = client.handleServerFirst(server.handleClientFirst("SCRAM-SHA-256", client.clientFirst()));
        assertThrows(ScramException.class, () -> server.handleClientFinal(clientFinal));

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(clientFinal));

        assertEquals("unexpected SCRAM client-final-message", e.getMessage());
    }

    @Test
    void mockVerifierRefusesEvenTheRightLookingExchange() throws Exception {
        ScramVerifier mock = ScramVerifier.mock("ghost", new byte[32]);
        ScramClient client = new ScramClient("", RANDOM);
        ScramServer server = new ScramServer(mock, false, RANDOM);
        byte[] clientFinal = client.handleServerFirst(server.handleClientFirst("SCRAM-SHA-256", client.clientFirst()));

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(clientFinal));

        assertEquals(ScramException.Kind.AUTHENTICATION_FAILED, e.kind());
    }

    @Test
    void tamperedServerFinalIsRefusedByTheClient() throws Exception {
        ScramClient client = new ScramClient("correct horse", RANDOM);
        ScramServer server = new ScramServer(VERIFIER, false, RANDOM);
        byte[] serverFinal = server.handleClientFinal(
                client.handleServerFirst(server.handleClientFirst("SCRAM-SHA-256", client.clientFirst())));
        serverFinal[5] = (byte) (serverFinal[5] == 'A' ? 'B' : 'A');

        ScramException e = assertThrows(ScramException.class, () -> client.handleServerFinal(serverFinal));

        assertEquals("SCRAM server signature does not match", e.getMessage());
    }

    @Test
    void serverErrorAttributeIsReported() throws Exception {
        ScramClient client = new ScramClient("pw", "", "abc");
        client.clientFirst();
        client.handleServerFirst(bytes("r=abcdef,s=QUJD,i=1"));

        ScramException e = assertThrows(ScramException.class,
                () -> client.handleServerFinal(bytes("e=invalid-proof")));

        assertEquals("server rejected SCRAM authentication: invalid-proof", e.getMessage());
        assertEquals(ScramException.Kind.AUTHENTICATION_FAILED, e.kind());
    }

    @Test
    void nonAsciiPasswordsAgreeBetweenGenerateAndClient() throws Exception {
        // NFKC maps the ligature "ﬁ" to "fi" and the no-break space to a space on both sides.
        ScramVerifier verifier = ScramVerifier.generate("ﬁ\u00a0päss", 4096);
        ScramClient client = new ScramClient("fi päss", RANDOM);
        ScramServer server = new ScramServer(verifier, false, RANDOM);

        byte[] serverFinal = server.handleClientFinal(
                client.handleServerFirst(server.handleClientFirst("SCRAM-SHA-256", client.clientFirst())));

        assertDoesNotThrow(() -> client.handleServerFinal(serverFinal));
    }

    @Test
    void emptyPasswordWorks() throws Exception {
        ScramClient client = new ScramClient("", RANDOM);
        ScramServer server = new ScramServer(ScramVerifier.generate("", 4096), false, RANDOM);

        byte[] serverFinal = server.handleClientFinal(
                client.handleServerFirst(server.handleClientFirst("SCRAM-SHA-256", client.clientFirst())));

        assertDoesNotThrow(() -> client.handleServerFinal(serverFinal));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
