package dev.pgguard.proxy.relay;

import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.inspect.Decision;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.StatementInspector;
import dev.pgguard.proxy.testing.FakeUpstream;
import dev.pgguard.proxy.testing.TestConfigs;
import dev.pgguard.proxy.testing.WireClient;
import dev.pgguard.proxy.testing.WireClient.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.pgguard.proxy.testing.TestConfigs.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole relay in front of a scripted upstream, driven by a raw wire client. */
class RelaySessionTest {

    private FakeUpstream upstream;
    private PgGuardServer server;
    private final List<InspectedStatement> inspected = new CopyOnWriteArrayList<>();
    private final Map<String, String> serverParameters = new ConcurrentHashMap<>();

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        upstream.close();
    }

    private void start(StatementInspector inspector, String extraYaml) throws Exception {
        var config = TestConfigs.pgguard("127.0.0.1", upstream.port(), "disable", extraYaml);
        server = PgGuardServer.start(config, new StatementInspector() {
            @Override
            public CompletionStage<Decision> inspect(InspectedStatement statement) {
                inspected.add(statement);
                return inspector.inspect(statement);
            }

            @Override
            public void serverParameter(String name, String value) {
                serverParameters.put(name, value);
            }
        });
    }

    private void start() throws Exception {
        start(s -> Decision.allowNow(), "");
    }

    private WireClient loggedIn() throws Exception {
        WireClient client = new WireClient(server.address());
        List<Message> greeting = client.login("agent1", PASSWORD);
        assertEquals('Z', greeting.get(greeting.size() - 1).type(), () -> "login failed: " + greeting);
        return client;
    }

    @Test
    void greetingRelaysParametersButIssuesItsOwnCancelKey() throws Exception {
        start();
        try (WireClient client = new WireClient(server.address())) {
            List<Message> greeting = client.login("agent1", PASSWORD);
            assertEquals("RRSKZ", WireClient.types(greeting), "SASLFinal, AuthenticationOk, ParameterStatus, key, ready");
            assertEquals("server_version\u000017.0\u0000", greeting.get(2).text());
            assertNotEquals(FakeUpstream.PID, client.processId);
            assertEquals("realuser", upstream.startupUsers.poll(5, TimeUnit.SECONDS), "pgguard logs in as the real user");
        }
    }

    @Test
    void greetingParametersReachTheInspectorBeforeTheFirstStatement() throws Exception {
        start();
        try (WireClient client = loggedIn()) {
            assertEquals(Map.of("server_version", "17.0"), serverParameters);
        }
    }

    @Test
    void framesSplitIntoSingleBytesArriveUpstreamUnchanged() throws Exception {
        start();
        try (WireClient client = loggedIn()) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            batch.writeBytes(WireClient.parse("s1", "select $1"));
            byte[] binary = new byte[300];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            batch.writeBytes(WireClient.frame('B', concat("\0s1\0".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {0, 1, 0, 1, 0, 1, 0, 0, 1, 44}, binary, new byte[] {0, 0})));
            batch.writeBytes(WireClient.frame('E', new byte[] {0, 0, 0, 0, 0}));
            batch.writeBytes(WireClient.frame('S', new byte[0]));
            byte[] sent = batch.toByteArray();
            client.trickle(sent);
            assertEquals("12CZ", WireClient.types(client.readUntilReady()));
            assertEquals(HexFormat.of().formatHex(sent), HexFormat.of().formatHex(upstream.allReceived()));
            assertEquals("select $1", inspected.get(0).sql());
            assertEquals("s1", inspected.get(0).statementName());
        }
    }

    @Test
    void cancelWithIssuedKeyReachesUpstreamWithRealKey() throws Exception {
        start();
        try (WireClient client = loggedIn(); WireClient canceller = new WireClient(server.address())) {
            canceller.send(java.nio.ByteBuffer.allocate(16).putInt(16).putInt(80877102)
                    .putInt(client.processId).putInt(client.secretKey).array());
            int[] cancel = upstream.cancels.poll(5, TimeUnit.SECONDS);
            assertArrayEquals(new int[] {FakeUpstream.PID, FakeUpstream.SECRET}, cancel);
        }
    }

    @Test
    void cancelWithWrongKeyIsIgnored() throws Exception {
        start();
        try (WireClient client = loggedIn(); WireClient canceller = new WireClient(server.address())) {
            canceller.send(java.nio.ByteBuffer.allocate(16).putInt(16).putInt(80877102)
                    .putInt(client.processId).putInt(client.secretKey + 1).array());
            assertTrue(canceller.closedByServer());
            assertNull(upstream.cancels.poll(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void refusedQueryAnswersInOrderBehindPipelinedOnes() throws Exception {
        start(refusing("drop"), "");
        try (WireClient client = loggedIn()) {
            client.send(concat(WireClient.query("select 1"), WireClient.query("drop table t"),
                    WireClient.query("select 2")));
            assertEquals("CZ", WireClient.types(client.readUntilReady()));
            List<Message> refused = client.readUntilReady();
            assertEquals("EZ", WireClient.types(refused));
            assertEquals("42501", refused.get(0).field('C'));
            assertEquals("refused: drop", refused.get(0).field('M'));
            assertEquals("CZ", WireClient.types(client.readUntilReady()));
            String seen = new String(upstream.allReceived(), StandardCharsets.UTF_8);
            assertFalse(seen.contains("drop"), "a refused statement never reaches the database");
        }
    }

    @Test
    void refusedParseDiscardsUntilSyncLikePostgres() throws Exception {
        start(refusing("drop"), "");
        try (WireClient client = loggedIn()) {
            client.send(concat(WireClient.parse("", "drop table t"),
                    WireClient.frame('B', new byte[] {0, 0, 0, 0, 0, 0, 0}),
                    WireClient.frame('E', new byte[] {0, 0, 0, 0, 0}),
                    WireClient.frame('S', new byte[0])));
            List<Message> answer = client.readUntilReady();
            assertEquals("EZ", WireClient.types(answer));
            assertEquals("42501", answer.get(0).field('C'));
            String seen = new String(upstream.allReceived(), StandardCharsets.UTF_8);
            assertFalse(seen.contains("drop"), "a refused statement never reaches the database");
            assertTrue(seen.startsWith("P") && seen.contains("SELECT \"pgguard_refused_") && seen.endsWith("S\0\0\0\4"),
                    "a failing stand-in Parse, then the client's Sync, reach the database: " + seen);
            client.send(WireClient.query("select 1"));
            assertEquals("CZ", WireClient.types(client.readUntilReady()), "the session goes on");
        }
    }

    @Test
    void slowDecisionHoldsLaterFramesBackInOrder() throws Exception {
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        start(s -> s.sql().contains("slow") ? decision : Decision.allowNow(), "");
        try (WireClient client = loggedIn()) {
            client.send(concat(WireClient.query("slow one"), WireClient.query("fast one")));
            Thread.sleep(300);
            assertEquals(0, upstream.allReceived().length, "nothing passes a pending decision");
            decision.complete(Decision.allow());
            assertEquals("CZ", WireClient.types(client.readUntilReady()));
            assertEquals("CZ", WireClient.types(client.readUntilReady()));
            String seen = new String(upstream.allReceived(), StandardCharsets.UTF_8);
            assertTrue(seen.indexOf("slow one") < seen.indexOf("fast one"), seen);
        }
    }

    @Test
    void unknownMessageTypeIsAProtocolViolationForThatSessionOnly() throws Exception {
        start();
        try (WireClient bad = loggedIn(); WireClient good = loggedIn()) {
            bad.send(WireClient.frame('!', new byte[] {1, 2, 3}));
            assertEquals("invalid frontend message type 33", assertSessionEnds(bad, "08P01").field('M'));
            good.send(WireClient.query("select 1"));
            assertEquals("CZ", WireClient.types(good.readUntilReady()));
        }
    }

    @Test
    void oversizedMessageIsRefusedBeforeItsBodyArrives() throws Exception {
        start(s -> Decision.allowNow(), "limits: { max_message_size: 64kB, max_statement_size: 16kB }");
        try (WireClient client = loggedIn()) {
            client.send(java.nio.ByteBuffer.allocate(5).put((byte) 'Q').putInt(1_000_000).array());
            assertSessionEnds(client, "54000");
        }
    }

    @Test
    void upstreamDyingMidSessionEndsTheSessionWithAnError() throws Exception {
        start();
        try (WireClient client = loggedIn()) {
            upstream.dropConnections();
            assertSessionEnds(client, "08006");
        }
    }

    @Test
    void protocol32IsNegotiatedDownBeforeAuthentication() throws Exception {
        start();
        try (WireClient client = new WireClient(server.address())) {
            client.send(WireClient.startupPacket((3 << 16) | 2, Map.of("user", "agent1", "_pq_.x", "1")));
            Message negotiate = client.read();
            assertEquals('v', negotiate.type());
            assertEquals("00030000" + "00000001" + HexFormat.of().formatHex("_pq_.x\0".getBytes(StandardCharsets.US_ASCII)),
                    HexFormat.of().formatHex(negotiate.body()));
            assertEquals('R', client.read().type());
        }
    }

    @Test
    void replicationAndUnknownMajorVersionAreRefusedClearly() throws Exception {
        start();
        try (WireClient client = new WireClient(server.address())) {
            client.send(WireClient.startupPacket(3 << 16, Map.of("user", "agent1", "replication", "database")));
            Message error = client.read();
            assertEquals("0A000", error.field('C'));
            assertEquals("pgguard does not relay replication connections", error.field('M'));
        }
        try (WireClient client = new WireClient(server.address())) {
            client.send(WireClient.startupPacket(4 << 16, Map.of("user", "agent1")));
            assertEquals("0A000", client.read().field('C'));
        }
    }

    @Test
    void unknownAgentAndWrongPasswordFailAlike() throws Exception {
        start();
        try (WireClient unknown = new WireClient(server.address()); WireClient wrong = new WireClient(server.address())) {
            Message a = last(unknown.login("nobody", PASSWORD));
            Message b = last(wrong.login("agent1", "not-the-password"));
            assertEquals("28P01", a.field('C'));
            assertEquals("28P01", b.field('C'));
            assertEquals(a.field('M').replace("nobody", "X"), b.field('M').replace("agent1", "X"));
        }
    }

    @Test
    void sslRequestIsAnsweredNWithoutCertificateAndGssEncN() throws Exception {
        start();
        try (WireClient client = new WireClient(server.address())) {
            client.send(java.nio.ByteBuffer.allocate(16).putInt(8).putInt(80877104).putInt(8).putInt(80877103).array());
            assertEquals('N', client.rawIn().read());
            assertEquals('N', client.rawIn().read());
            assertEquals('Z', last(client.login("agent1", PASSWORD)).type());
        }
    }

    @Test
    void silentClientIsDroppedAfterStartupTimeout() throws Exception {
        start(s -> Decision.allowNow(), "limits: { startup_timeout: 300ms }");
        try (WireClient client = new WireClient(server.address())) {
            assertEquals("canceling authentication due to timeout", assertSessionEnds(client, "57014").field('M'));
        }
    }

    @Test
    void shutdownRefusesNewConnectionsThenEndsSessionsWith57P01() throws Exception {
        start();
        try (WireClient client = loggedIn()) {
            var address = server.address();
            CompletableFuture<Void> done = server.shutdown();
            Message error = client.read();
            assertEquals("57P01", error.field('C'));
            done.get(10, TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new WireClient(address).close());
            server = null;
        }
    }

    @Test
    void shutdownCancelsAStatementStillRunningUpstream() throws Exception {
        start();
        try (WireClient idle = loggedIn(); WireClient busy = loggedIn()) {
            busy.send(WireClient.query("hang until cancelled"));
            Thread.sleep(200);
            server.shutdown().get(10, TimeUnit.SECONDS);
            server = null;
            assertEquals("57P01", busy.read().field('C'));
            assertEquals("57P01", idle.read().field('C'));
            int[] cancel = upstream.cancels.poll(5, TimeUnit.SECONDS);
            assertArrayEquals(new int[] {FakeUpstream.PID, FakeUpstream.SECRET}, cancel, "only the busy one is cancelled");
            assertNull(upstream.cancels.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    private static StatementInspector refusing(String word) {
        return s -> s.sql().contains(word)
                ? CompletableFuture.completedFuture(Decision.refuse("42501", "refused: " + word, null))
                : Decision.allowNow();
    }

    /** pgguard ends the session: one ErrorResponse with {@code sqlState}, then the connection closes. */
    private static Message assertSessionEnds(WireClient client, String sqlState) throws IOException {
        Message error = client.read();
        assertEquals('E', error.type());
        assertEquals(sqlState, error.field('C'));
        assertTrue(client.closedByServer());
        return error;
    }

    private static Message last(List<Message> messages) {
        return messages.get(messages.size() - 1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
