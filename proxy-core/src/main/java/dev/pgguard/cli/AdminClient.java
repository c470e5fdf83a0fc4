package dev.pgguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * The admin API over the JDK's HTTP client (approval-gate/README.md, "Admin API"): the {@code /holds} endpoints
 * here, and requests for {@link GrantClient}. Every request carries the approver token, and a decision the TOTP
 * code when there is one; with the shared token a decision also says who decides ({@code user@host}), which the
 * API ignores for a named approver's token. Failures that end the command are {@link AdminException}s with their
 * exit code; a refusal that concerns one hold or grant is a {@link DecisionRefused}; a decision that needs a code
 * (another one) is a {@link TotpRequired}.
 */
final class AdminClient implements HoldDecider {

    /** Short: the API is normally on this machine or next to it, and a human is waiting for the answer. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final AdminTarget target;
    private final String approver;

    AdminClient(AdminTarget target, String approver) {
        this.target = target;
        this.approver = approver;
        // HTTP/1.1: the admin port is a plain HTTP/1.1 server, and the h2c upgrade offer would be noise to it.
        // No proxy, whatever the JVM's proxy properties say: the approver token goes to the admin API only.
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    URI url() {
        return target.url();
    }

    /** The body of {@code GET /holds}: {@code {"holds": [...]}}, as the server wrote it. */
    String pendingJson() throws AdminException {
        return get("/holds");
    }

    @Override
    public HoldView approve(String id, String totp) throws AdminException, DecisionRefused, TotpRequired {
        return decide(id, "approve", body(null), totp);
    }

    @Override
    public HoldView deny(String id, String reason, String totp) throws AdminException, DecisionRefused, TotpRequired {
        return decide(id, "deny", body(reason), totp);
    }

    /** The approver's name for the API to record when the token is the shared one (else ignored). */
    String approver() {
        return approver;
    }

    /** {@code GET /holds/events}: the stream, open; it never ends while the server runs. */
    EventStream events() throws AdminException {
        HttpRequest request = request("/holds/events").header("Accept", "application/x-ndjson").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(ExitCodes.UNAVAILABLE, "interrupted while connecting to " + target.url());
        }
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw unexpected(response.statusCode(), body);
        }
        return new EventStream(response.body());
    }

    private HoldView decide(String id, String action, String body, String totp)
            throws AdminException, DecisionRefused, TotpRequired {
        String answer = post("/holds/" + id + "/" + action, body, totp, 200, id, 400, 404, 409);
        try {
            return HoldJson.hold(answer);
        } catch (IOException e) {
            throw new AdminException(ExitCodes.SOFTWARE, "the admin API's answer to " + action + " " + id
                    + " is not a hold: " + e.getMessage());
        }
    }

    /** {@code GET path}, answered 200; anything else ends the command. */
    String get(String path) throws AdminException {
        HttpResponse<String> response = send(request(path).GET().timeout(REQUEST_TIMEOUT).build());
        if (response.statusCode() != 200) {
            throw unexpected(response.statusCode(), response.body());
        }
        return response.body();
    }

    /**
     * {@code POST path} with a JSON body and, when not null, the TOTP code (in a header, so that it is in no body
     * a server or proxy might log). The body of the answer when its status is {@code success}; pgguard's own error
     * with one of the {@code refusals} statuses is about {@code what} alone (the others can still be decided), and
     * anything else ends the command. Only pgguard's own answer ({"error": ...}) is about {@code what}: a 404 page
     * from something else that listens there (a proxy, another service) must not read as "no such hold".
     */
    String post(String path, String body, String totp, int success, String what, int... refusals)
            throws AdminException, DecisionRefused, TotpRequired {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).timeout(REQUEST_TIMEOUT);
        if (totp != null) {
            request.header(TotpRequired.HEADER, totp);
        }
        HttpResponse<String> response = send(request.build());
        int status = response.statusCode();
        if (status == success) {
            return response.body();
        }
        String second = response.headers().firstValue(TotpRequired.HEADER).orElse("");
        String error = ApiJson.error(response.body());
        if (error != null
                && (status == 401 && second.equals("required") || status == 403 && second.equals("refused"))) {
            throw new TotpRequired(error, status == 403);
        }
        if (error != null && IntStream.of(refusals).anyMatch(refusal -> refusal == status)) {
            throw new DecisionRefused(what, status, error);
        }
        throw unexpected(status, response.body());
    }

    /** A decision's body: the reason of a denial, and who decides (for the shared token). */
    private String body(String reason) {
        return CliJson.object(g -> {
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            g.writeStringField("approver", approver);
        });
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(target.url() + path))
                .header("Authorization", "Bearer " + target.token().reveal());
    }

    private HttpResponse<String> send(HttpRequest request) throws AdminException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(ExitCodes.UNAVAILABLE, "interrupted while talking to " + target.url());
        }
    }

    private AdminException unreachable(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return new AdminException(ExitCodes.UNAVAILABLE,
                "cannot reach the admin API (" + why + "): is pgguard serve running? tried " + target.url());
    }

    private AdminException unexpected(int status, String body) {
        String error = ApiJson.error(body);
        String detail = error != null ? ": " + Text.oneLine(error, 300) : "";
        if (status == 429 && error != null) { // wrong TOTP codes in a row: the approver is locked out for a while
            return new AdminException(ExitCodes.NOPERM, "the admin API at " + target.url() + " refused" + detail);
        }
        if (status == 401 || status == 403) {
            return new AdminException(ExitCodes.NOPERM, "the admin API at " + target.url()
                    + " refused the approver token from " + target.tokenSource() + " (HTTP " + status + ")" + detail);
        }
        return new AdminException(ExitCodes.UNAVAILABLE, "the admin API at " + target.url() + " answered HTTP "
                + status + (error != null ? detail : " without pgguard's JSON error: is pgguard serve listening there?"));
    }
}
