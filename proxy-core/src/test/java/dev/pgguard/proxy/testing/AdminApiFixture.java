package dev.pgguard.proxy.testing;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldRequest;
import dev.pgguard.approval.StatementKey;
import dev.pgguard.approval.totp.Totp;
import dev.pgguard.approval.totp.TotpSecret;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.ApprovalsConfig;
import dev.pgguard.config.ApproverConfig;
import dev.pgguard.config.ClassifierConfig;
import dev.pgguard.config.Secret;
import dev.pgguard.proxy.access.Grants;
import dev.pgguard.proxy.admin.AdminServer;
import dev.pgguard.proxy.admin.ApproverRegistry;
import dev.pgguard.proxy.admin.ApproverServices;
import dev.pgguard.proxy.admin.ApproverToken;
import dev.pgguard.proxy.auth.ScramVerifier;
import dev.pgguard.proxy.metrics.ProxyMetrics;
import dev.pgguard.proxy.session.AgentDirectory;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real admin API on a loopback port of its own, in front of a real approval gate and write grants, without a
 * relay or a database: approvers {@value #ALICE} (with TOTP) and {@value #BOB} (token only), or none (the shared
 * token {@value #SHARED_TOKEN} decides); agents {@value #READ_ONLY_AGENT} and {@value #READ_WRITE_AGENT}.
 */
public final class AdminApiFixture implements AutoCloseable {

    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String ALICE_TOKEN = "alice-token";
    public static final String BOB_TOKEN = "bob-token";
    public static final String SHARED_TOKEN = "shared-token";
    public static final String READ_ONLY_AGENT = "ci";
    public static final String READ_WRITE_AGENT = "migrator";

    private static final String VERIFIER = ScramVerifier.generate("pw", 4096).format();
    private static final Classifier CLASSIFIER = new Classifier(ClassifierLimits.of(ClassifierConfig.DEFAULT));

    public final TotpSecret aliceSecret = TotpSecret.generate(new SecureRandom());
    public final ApprovalGate gate = new ApprovalGate(ApprovalsConfig.DEFAULT, null, Clock.systemUTC());
    public final Grants grants = new Grants(Clock.systemUTC());
    public final ApproverRegistry approvers;
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final AdminServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private AdminApiFixture(boolean named) throws InterruptedException {
        ApproverToken shared = ApproverToken.resolve(
                ApprovalsConfig.DEFAULT.withApproverToken(Secret.of(SHARED_TOKEN)), new SecureRandom());
        approvers = ApproverRegistry.of(named ? List.of(
                new ApproverConfig(ALICE, sha256(ALICE_TOKEN), Optional.of(Secret.of(aliceSecret.base32()))),
                new ApproverConfig(BOB, sha256(BOB_TOKEN), Optional.empty())) : List.of(), shared);
        AgentDirectory agents = new AgentDirectory(List.of(
                new AgentConfig(READ_ONLY_AGENT, VERIFIER, AgentMode.READ_ONLY),
                new AgentConfig(READ_WRITE_AGENT, VERIFIER, AgentMode.READ_WRITE)), List.of("default"));
        server = AdminServer.bind("127.0.0.1", 0, group, NioServerSocketChannel.class, new ProxyMetrics(() -> 0),
                () -> false, new ApproverServices(gate, grants, agents, approvers));
    }

    /** Named approvers: alice with TOTP, bob without. */
    public static AdminApiFixture named() throws InterruptedException {
        return new AdminApiFixture(true);
    }

    /** No named approver: the shared token. */
    public static AdminApiFixture shared() throws InterruptedException {
        return new AdminApiFixture(false);
    }

    /** A pending hold of the read-only agent's {@code sql}. */
    public Hold hold(String sql) {
        return gate.open(new HoldRequest(READ_ONLY_AGENT, "app", "default", "s1", "127.0.0.1:5000", sql, List.of(),
                CLASSIFIER.classify(sql), false, StatementKey.of(READ_ONLY_AGENT, sql, List.of())));
    }

    /** The code alice's phone shows at {@code time}. */
    public String aliceCode(Instant time) {
        return Totp.code(aliceSecret, time);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @param totp the {@code X-PgGuard-TOTP} header, or null for none */
    public HttpResponse<String> post(String path, String token, String json, String totp)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = request(path, token).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (totp != null) {
            r.header("X-PgGuard-TOTP", totp);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder r = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(10));
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    /** What the approvers file keeps for {@code token}. */
    public static String sha256(String token) {
        return ApproverRegistry.tokenSha256(token);
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gate.close();
        grants.close();
    }
}
