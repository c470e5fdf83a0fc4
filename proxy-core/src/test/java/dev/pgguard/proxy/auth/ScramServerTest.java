package dev.pgguard.proxy.auth;

import static dev.pgguard.proxy.auth.ScramRoundTripTest.ascii;
import static dev.pgguard.proxy.auth.ScramRoundTripTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the server accepts and refuses from a client, with the message each refusal carries. */
class ScramServerTest {

    private static final String PASSWORD = "pencil";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final ScramVerifier VERIFIER = ScramVerifier.generate(PASSWORD, SALT, 4096);
    private static final String SERVER_NONCE = "SRV";

    @Test
    void acceptsYFlagWhenChannelBindingIsNotOffered() throws Exception {
        // "y": the client could bind but believes we cannot. True, since we never advertise -PLUS.
        ScramServer server = new ScramServer(VERIFIER, SERVER_NONCE);
        String bare = "n=,r=cli";
        String serverFirst = ascii(server.handleClientFirst("SCRAM-SHA-256", bytes("y,," + bare)));
        String withoutProof = "c=" + b64("y,,") + ",r=cliSRV";

        String serverFinal = ascii(server.handleClientFinal(bytes(
                withoutProof + ",p=" + proof(bare + "," + serverFirst + "," + withoutProof))));

        assertEquals('v', serverFinal.charAt(0));
    }

    @Test
    void refusesYFlagWhenChannelBindingWasOffered() {
        ScramServer server = new ScramServer(VERIFIER, true, new SecureRandom());

        ScramException e = assertThrows(ScramException.class,
                () -> server.handleClientFirst("SCRAM-SHA-256", bytes("y,,n=,r=cli")));

        assertEquals("SCRAM channel binding negotiation error: client supports channel binding but did not use"
                + " the offered SCRAM-SHA-256-PLUS", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "p=tls-server-end-point,,n=,r=cli | client requires SCRAM channel binding, which is not offered",
        "n,a=admin,n=,r=cli               | SCRAM authorization identities are not supported",
        "n,x,n=,r=cli                     | malformed client-first-message: invalid GS2 header",
        "x,,n=,r=cli                      | malformed client-first-message: invalid channel binding flag",
        "n=,r=cli                         | malformed client-first-message: missing GS2 header",
        "n                                | malformed client-first-message: missing GS2 header",
        "n,,m=ext,n=,r=cli                | client requires an unsupported SCRAM extension",
        "n,,n=                            | malformed client-first-message: missing nonce",
        "n,,r=cli,n=                      | malformed client-first-message: expected attribute 'n'",
        "n,,n=,x=cli                      | malformed client-first-message: expected attribute 'r'",
        "n,,n=,r=                         | malformed client-first-message: invalid nonce",
        "n,,n=,r=a b                      | malformed client-first-message: invalid nonce",
        "n,,n=,r=cli,                     | malformed client-first-message: unexpected data after the last attribute",
    })
    void refusesBadClientFirst(String message, String expected) {
        ScramServer server = new ScramServer(VERIFIER, SERVER_NONCE);

        ScramException e = assertThrows(ScramException.class,
                () -> server.handleClientFirst("SCRAM-SHA-256", bytes(message)));

        assertEquals(expected, e.getMessage());
        assertEquals(ScramException.Kind.PROTOCOL_VIOLATION, e.kind());
    }

    @Test
    void acceptsAndIgnoresUsernameAndExtensions() throws Exception {
        ScramServer server = new ScramServer(VERIFIER, SERVER_NONCE);

        String serverFirst = ascii(server.handleClientFirst("SCRAM-SHA-256", bytes("n,,n=someone=2Celse,r=cli,x=1")));

        assertEquals("r=cliSRV,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", serverFirst);
    }

    @Test
    void refusesOtherMechanisms() {
        ScramServer plus = new ScramServer(VERIFIER, SERVER_NONCE);
        ScramServer other = new ScramServer(VERIFIER, SERVER_NONCE);

        assertEquals("channel binding (SCRAM-SHA-256-PLUS) is not supported", assertThrows(ScramException.class,
                () -> plus.handleClientFirst("SCRAM-SHA-256-PLUS", bytes("n,,n=,r=cli"))).getMessage());
        assertEquals("client selected an unsupported SASL mechanism", assertThrows(ScramException.class,
                () -> other.handleClientFirst("SCRAM-SHA-1", bytes("n,,n=,r=cli"))).getMessage());
    }

    @Test
    void refusesOversizedAndInvalidUtf8ClientFirst() {
        byte[] big = bytes("n,,n=,r=" + "a".repeat(1024));
        byte[] invalid = {'n', ',', ',', 'n', '=', (byte) 0xC3, ',', 'r', '=', 'x'};

        assertEquals("client-first-message is longer than 1024 bytes", assertThrows(ScramException.class,
                () -> new ScramServer(VERIFIER, SERVER_NONCE).handleClientFirst("SCRAM-SHA-256", big)).getMessage());
        assertEquals("client-first-message is not valid UTF-8", assertThrows(ScramException.class,
                () -> new ScramServer(VERIFIER, SERVER_NONCE).handleClientFirst("SCRAM-SHA-256", invalid))
                .getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // <proof> is replaced by the right proof for the message, so only the named defect remains.
        "c=eSws,r=cliSRV,p=<proof>        | SCRAM channel binding check failed",
        "c=biws,r=cliXXX,p=<proof>        | SCRAM nonce does not match",
        "c=biws,r=cli,p=<proof>           | SCRAM nonce does not match",
        "r=cliSRV,c=biws,p=<proof>        | malformed client-final-message: expected attribute 'c'",
        "c=biws,p=<proof>,r=cliSRV        | malformed client-final-message: expected attribute 'r'",
        "c=biws,r=cliSRV                  | malformed client-final-message: missing attributes",
        "c=biws,r=cliSRV,x=1              | malformed client-final-message: expected attribute 'p'",
        "c=biws,r=cliSRV,p=<proof>,x=1    | malformed client-final-message: proof must be the last attribute",
        "c=biws,r=cliSRV,p=AAAA,p=<proof> | malformed client-final-message: proof must be the last attribute",
        "c=biws,r=cliSRV,,p=<proof>       | malformed client-final-message: unexpected data after the last attribute",
        "c=bi ws,r=cliSRV,p=<proof>       | malformed client-final-message: not valid base64",
        "c=biws,r=cliSRV,p=AAAA           | malformed client-final-message: proof must be 32 bytes",
    })
    void refusesBadClientFinal(String template, String expected) throws Exception {
        ScramServer server = new ScramServer(VERIFIER, SERVER_NONCE);
        String bare = "n=,r=cli";
        String serverFirst = ascii(server.handleClientFirst("SCRAM-SHA-256", bytes("n,," + bare)));
        int proofAt = template.indexOf(",p=<proof>");
        String message = proofAt < 0 ? template
                : template.replace("<proof>", proof(bare + "," + serverFirst + "," + template.substring(0, proofAt)));

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(bytes(message)));

        assertEquals(expected, e.getMessage());
    }

    @Test
    void extensionsBeforeTheProofAreCoveredByIt() throws Exception {
        ScramServer server = new ScramServer(VERIFIER, SERVER_NONCE);
        String bare = "n=,r=cli";
        String serverFirst = ascii(server.handleClientFirst("SCRAM-SHA-256", bytes("n,," + bare)));
        String withoutProof = "c=biws,r=cliSRV,x=ext";

        String serverFinal = ascii(server.handleClientFinal(bytes(
                withoutProof + ",p=" + proof(bare + "," + serverFirst + "," + withoutProof))));

        assertEquals('v', serverFinal.charAt(0));
    }

    @Test
    void clientFinalBeforeClientFirstIsRefused() {
        ScramServer server = new ScramServer(VERIFIER, SERVER_NONCE);

        ScramException e = assertThrows(ScramException.class,
                () -> server.handleClientFinal(bytes("c=biws,r=x,p=AAAA")));

        assertEquals("unexpected SCRAM client-final-message", e.getMessage());
    }

    /** The client proof for PASSWORD, computed straight from the RFC 5802 formulas. */
    private static String proof(String authMessage) {
        byte[] salted = ScramCrypto.saltedPassword(PASSWORD, SALT, 4096);
        byte[] clientKey = ScramCrypto.clientKey(salted);
        byte[] signature = ScramCrypto.hmac(ScramCrypto.sha256(clientKey), bytes(authMessage));
        return Base64.getEncoder().encodeToString(ScramCrypto.xor(clientKey, signature));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(bytes(s));
    }
}
