package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.testing.TestConfigs;
import dev.pgguard.proxy.testing.TlsFakeUpstream;
import dev.pgguard.proxy.testing.WireClient;
import dev.pgguard.proxy.testing.WireClient.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SNI towards the upstream: managed PostgreSQL services route on it, so pgguard sends the configured host when it
 * is a name (as libpq does, dotless names included), and never an IP literal, which RFC 6066 forbids in SNI.
 */
class UpstreamSniTest {

    private TlsFakeUpstream upstream;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new TlsFakeUpstream();
    }

    @AfterEach
    void stopUpstream() throws Exception {
        upstream.close();
    }

    private Optional<String> sniSentFor(String host) throws Exception {
        try (PgGuardServer server = PgGuardServer.start(TestConfigs.pgguard(host, upstream.port(), "require", ""));
             WireClient client = new WireClient(server.address())) {
            List<Message> greeting = client.login(TestConfigs.AGENT, TestConfigs.PASSWORD);
            assertEquals('Z', greeting.get(greeting.size() - 1).type(), () -> "login failed: " + greeting.stream()
                    .map(m -> m.type() + " " + m.field('M')).toList());
            client.send(WireClient.query("select 1"));
            assertEquals("CZ", WireClient.types(client.readUntilReady()), "a session over TLS to the fake upstream");
        }
        Optional<String> sni = upstream.serverNames.poll(5, TimeUnit.SECONDS);
        if (sni == null) {
            throw new AssertionError("the fake upstream saw no TLS handshake");
        }
        return sni;
    }

    @Test
    void hostNameIsSentAsSni() throws Exception {
        assertEquals(Optional.of("localhost"), sniSentFor("localhost"));
    }

    @Test
    void ipv4LiteralIsNotSentAsSni() throws Exception {
        assertEquals(Optional.empty(), sniSentFor("127.0.0.1"));
    }

    @Test
    void sniNamesAreHostNamesOnly() {
        assertEquals(Optional.of("db"), UpstreamTls.sniHostName("db").map(SNIHostName::getAsciiName));
        assertEquals(Optional.of("db.example.com"),
                UpstreamTls.sniHostName("db.example.com.").map(SNIHostName::getAsciiName), "without the root dot");
        assertEquals(Optional.empty(), UpstreamTls.sniHostName("10.1.2.3"));
        assertEquals(Optional.empty(), UpstreamTls.sniHostName("::1"));
        assertEquals(Optional.empty(), UpstreamTls.sniHostName("fe80::1%eth0"));
        assertEquals(Optional.empty(), UpstreamTls.sniHostName("bad_name!"), "not a valid host name: no SNI");
    }
}
