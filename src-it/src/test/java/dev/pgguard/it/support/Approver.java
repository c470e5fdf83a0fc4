package dev.pgguard.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A human at the admin API, as the {@code pgguard} CLI talks to it: waits for a hold to appear, approves or denies
 * it by id, with the shared approver token or a named approver's own (whose decisions may carry a TOTP code in the
 * {@code X-PgGuard-TOTP} header). Only the ids and states are read from the JSON; the CLI's tests read the rest.
 */
public final class Approver {

    /** A hold object starts with its id and state (the rules inside it have ids too). */
    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([a-z0-9]+)\",\"state\"");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z_]+)\"");

    private final PgGuardExtension pgguard;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The approver with the shared token, {@link PgGuardExtension#APPROVER_TOKEN}. */
    public Approver(PgGuardExtension pgguard) {
        this(pgguard, PgGuardExtension.APPROVER_TOKEN);
    }

    /** @param token the bearer token sent; null sends no Authorization header */
    public Approver(PgGuardExtension pgguard, String token) {
        this.pgguard = pgguard;
        this.token = token;
    }

    /** What an {@code approvers:} entry keeps of a token ({@code token_sha256}): its SHA-256, lower-case hex. */
    public static String tokenSha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the oldest pending hold, once there is one (waits up to 15 s). */
    public String awaitHold() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = ID.matcher(get("/holds").body());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no hold appeared within 15 s");
    }

    /** Waits until {@code count} holds are pending at once. */
    public void awaitPending(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (ID.matcher(get("/holds").body()).results().count() == count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(count + " holds were not pending together within 30 s: " + get("/holds").body());
    }

    public HttpResponse<String> approve(String id) throws IOException, InterruptedException {
        return post("/holds/" + id + "/approve", "{\"approver\":\"it\"}");
    }

    public HttpResponse<String> deny(String id, String reason) throws IOException, InterruptedException {
        return post("/holds/" + id + "/deny", "{\"approver\":\"it\",\"reason\":\"" + reason + "\"}");
    }

    /** The hold's state as the API reports it ("pending", "approved", "withdrawn", ...). */
    public String state(String id) throws IOException, InterruptedException {
        Matcher m = STATE.matcher(get("/holds/" + id).body());
        if (!m.find()) {
            throw new AssertionError("no state for hold " + id);
        }
        return m.group(1);
    }

    /** Waits up to 10 s for the hold to reach {@code state}; returns the last state seen. */
    public String awaitState(String id, String state) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String seen = state(id);
        while (!seen.equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = state(id);
        }
        return seen;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, null);
    }

    /** @param totp the code for the {@code X-PgGuard-TOTP} header; null sends none */
    public HttpResponse<String> post(String path, String json, String totp) throws IOException, InterruptedException {
        HttpRequest.Builder r = request(path).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (totp != null) {
            r.header("X-PgGuard-TOTP", totp);
        }
        return send(r);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + pgguard.adminAddress().getPort() + path)).timeout(Duration.ofSeconds(10));
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
