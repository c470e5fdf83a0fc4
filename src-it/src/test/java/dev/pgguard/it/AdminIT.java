package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin port: {@code GET /health} and Prometheus {@code GET /metrics}, on loopback. */
class AdminIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One Prometheus sample line: name, optional labels, value (timestamp ignored). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");

    private static HttpResponse<String> get(String path) throws Exception {
        InetSocketAddress a = pgguard.adminAddress();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + a.getHostString() + ":" + a.getPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminListensOnLoopback() {
        assertTrue(pgguard.adminAddress().getAddress().isLoopbackAddress(), "admin bound to " + pgguard.adminAddress());
        assertTrue(pgguard.adminAddress().getPort() > 0);
    }

    @Test
    void healthIsJson() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                () -> "content-type " + r.headers().firstValue("content-type"));
        String body = r.body().strip();
        assertTrue(body.startsWith("{") && body.endsWith("}"), () -> "a JSON object: " + body);
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, get("/no-such-endpoint").statusCode());
    }

    @Test
    void metricsCountSessionsAndBytes() throws Exception {
        Map<String, Double> before = metrics();
        assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("pgguard_sessions_open")),
                () -> "pgguard_sessions_open in " + before.keySet());

        try (Connection c = pgguard.connect()) {
            // 200 kB each way: a parameter in, a result out
            try (PreparedStatement ps = c.prepareStatement("SELECT length(?)")) {
                ps.setString(1, "x".repeat(200_000));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(200_000, rs.getInt(1));
                }
            }
            assertEquals(200_000, scalar(c, "SELECT repeat('y', 200000)").length());
            Map<String, Double> during = metrics();
            assertTrue(sum(during, "pgguard_sessions_open") >= 1, () -> "a session open: " + during);
        }

        Map<String, Double> after = metrics();
        double relayedBefore = sumBytes(before);
        double relayedAfter = sumBytes(after);
        assertTrue(relayedAfter - relayedBefore >= 200_000,
                () -> "bytes relayed grew by " + (relayedAfter - relayedBefore) + "; byte metrics: " + byteSeries(after));
        // both directions moved at least the text we sent and received
        Map<String, Double> perSeriesGrowth = new HashMap<>();
        for (Map.Entry<String, Double> e : byteSeries(after).entrySet()) {
            perSeriesGrowth.put(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0));
        }
        assertTrue(perSeriesGrowth.values().stream().filter(v -> v >= 200_000).count() >= 2,
                () -> "each direction counted: " + perSeriesGrowth);
    }

    private static Map<String, Double> metrics() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                samples.put(key, Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static double sum(Map<String, Double> samples, String name) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The relayed-bytes counters, whatever their exact name: {@code pgguard_*bytes*_total}. */
    private static Map<String, Double> byteSeries(Map<String, Double> samples) {
        Map<String, Double> out = new HashMap<>();
        samples.forEach((k, v) -> {
            String name = k.contains("{") ? k.substring(0, k.indexOf('{')) : k;
            if (name.startsWith("pgguard_") && name.contains("bytes") && name.endsWith("_total")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static double sumBytes(Map<String, Double> samples) {
        return byteSeries(samples).values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
