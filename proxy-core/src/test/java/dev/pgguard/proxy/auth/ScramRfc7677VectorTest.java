package dev.pgguard.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 exchange published in RFC 7677 section 3, byte for byte, from both sides. */
class ScramRfc7677VectorTest {

    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    @Test
    void clientProducesThePublishedMessages() throws Exception {
        ScramClient client = new ScramClient("pencil", "user", CLIENT_NONCE);

        assertEquals(CLIENT_FIRST, ascii(client.clientFirst()));
        assertEquals(CLIENT_FINAL, ascii(client.handleServerFirst(bytes(SERVER_FIRST))));
        assertDoesNotThrow(() -> client.handleServerFinal(bytes(SERVER_FINAL)));
    }

    @Test
    void serverProducesThePublishedMessages() throws Exception {
        ScramServer server = new ScramServer(ScramVerifier.generate("pencil", SALT, 4096), SERVER_NONCE);

        assertEquals(SERVER_FIRST, ascii(server.handleClientFirst(ScramServer.MECHANISM, bytes(CLIENT_FIRST))));
        assertEquals(SERVER_FINAL, ascii(server.handleClientFinal(bytes(CLIENT_FINAL))));
    }

    @Test
    void verifierMatchesTheKeysDerivedFromTheVector() {
        ScramVerifier verifier = ScramVerifier.generate("pencil", SALT, 4096);

        assertArrayEquals(SALT, verifier.salt());
        assertEquals(verifier, ScramVerifier.parse(verifier.format()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
