package dev.pgguard.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One approver at the admin API with a token of their own, as {@code pgguard approve} and {@code pgguard grant}
 * talk to it: a decision may carry a TOTP code in the {@code X-PgGuard-TOTP} header. ({@link Approver} is the
 * shared-token approver of the other tests.)
 */
public final class AdminCalls {

    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([a-z0-9]+)\",\"state\"");

    private final PgGuardExtension pgguard;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminCalls(PgGuardExtension pgguard, String token) {
        this.pgguard = pgguard;
        this.token = token;
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

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @param totp the code for the {@code X-PgGuard-TOTP} header; null sends none */
    public HttpResponse<String> post(String path, String json, String totp) throws IOException, InterruptedException {
        HttpRequest.Builder r = request(path).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (totp != null) {
            r.header("X-PgGuard-TOTP", totp);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pgguard.adminAddress().getPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10));
    }
}
