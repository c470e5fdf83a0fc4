package dev.pgguard.proxy.auth;

import static dev.pgguard.proxy.auth.ScramRoundTripTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the client accepts and refuses from an upstream server. */
class ScramClientTest {

    @Test
    void choosesPlainScramAndNeverPlus() throws Exception {
        ScramClient client = new ScramClient("pw", new SecureRandom());

        assertEquals("SCRAM-SHA-256", client.chooseMechanism(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")));
        assertEquals("server requires SCRAM-SHA-256-PLUS, but SCRAM channel binding is not implemented",
                assertThrows(ScramException.class, () -> client.chooseMechanism(List.of("SCRAM-SHA-256-PLUS")))
                        .getMessage());
        assertEquals("server offers no supported SASL mechanism (offered: OAUTHBEARER)",
                assertThrows(ScramException.class, () -> client.chooseMechanism(List.of("OAUTHBEARER")))
                        .getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "r=xyzSRV,s=QUJD,i=4096          | server-first-message nonce does not extend the client nonce",
        "r=abc,s=QUJD,i=4096             | server-first-message nonce does not extend the client nonce",
        "r=abcS V,s=QUJD,i=4096          | server-first-message nonce does not extend the client nonce",
        "m=x,r=abcSRV,s=QUJD,i=4096      | server requires an unsupported SCRAM extension",
        "r=abcSRV,s=QUJD                 | malformed server-first-message: missing attributes",
        "r=abcSRV,i=4096,s=QUJD          | malformed server-first-message: expected attribute 's'",
        "r=abcSRV,s=,i=4096              | malformed server-first-message: empty salt",
        "r=abcSRV,s=Q,i=4096             | malformed server-first-message: not valid base64",
        "r=abcSRV,s=QUJD,i=0             | malformed server-first-message: iteration count must be between 1 and 10000000",
        "r=abcSRV,s=QUJD,i=10000001      | malformed server-first-message: iteration count must be between 1 and 10000000",
        "r=abcSRV,s=QUJD,i=-1            | malformed server-first-message: iteration count must be between 1 and 10000000",
        "r=abcSRV,s=QUJD,i=99999999999   | malformed server-first-message: iteration count must be between 1 and 10000000",
        "r=abcSRV,s=QUJD,i=4096,garbage  | malformed server-first-message: unexpected data after the last attribute",
    })
    void refusesBadServerFirst(String serverFirst, String expected) {
        ScramClient client = new ScramClient("pw", "", "abc");
        client.clientFirst();

        ScramException e = assertThrows(ScramException.class, () -> client.handleServerFirst(bytes(serverFirst)));

        assertEquals(expected, e.getMessage());
    }

    @Test
    void refusesMalformedServerFinal() throws Exception {
        ScramClient client = new ScramClient("pw", "", "abc");
        client.clientFirst();
        client.handleServerFirst(bytes("r=abcSRV,s=QUJD,i=1"));

        ScramException e = assertThrows(ScramException.class, () -> client.handleServerFinal(bytes("x=1")));

        assertEquals("malformed server-final-message: expected attribute 'v'", e.getMessage());
    }

    @Test
    void serverMessagesOutOfOrderAreRefused() {
        ScramClient client = new ScramClient("pw", "", "abc");

        assertEquals("unexpected SCRAM server-first-message", assertThrows(ScramException.class,
                () -> client.handleServerFirst(bytes("r=abcSRV,s=QUJD,i=1"))).getMessage());
        assertEquals("unexpected SCRAM server-final-message", assertThrows(ScramException.class,
                () -> client.handleServerFinal(bytes("v=AAAA"))).getMessage());
    }

    @Test
    void usernameIsEscapedForTests() {
        assertEquals("n,,n=a=2Cb=3Dc,r=abc", ScramRoundTripTest.ascii(new ScramClient("pw", "a,b=c", "abc").clientFirst()));
    }
}
