package dev.pgguard.it.process;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgguard as its own process, from the executable jar ({@code -Dpgguard.jar}, set by src-it's Failsafe
 * configuration), so that its heap can be capped and measured apart from the test JVM's. It guards the shared
 * {@link UpstreamPostgres}; ports are chosen by the OS and read from what {@code pgguard serve} prints, and
 * readiness is {@code GET /health} answering 200.
 */
public final class PgGuardProcess implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("pgguard listening on [^:]*:(\\d+) \\(admin on [^:]*:(\\d+)");

    private final Process process;
    private final Path log;
    private final InetSocketAddress address;
    private final InetSocketAddress admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PgGuardProcess(Process process, Path log, InetSocketAddress address, InetSocketAddress admin) {
        this.process = process;
        this.log = log;
        this.address = address;
        this.admin = admin;
    }

    /** The jar, or empty when it has not been built (the reason is for an assumption message). */
    public static Optional<Path> jar() {
        String jar = System.getProperty("pgguard.jar");
        if (jar == null || jar.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(jar).toAbsolutePath().normalize();
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Skips the calling tests, saying how to build the jar, when it has not been built. */
    public static void assumeJarBuilt() {
        assumeTrue(jar().isPresent(), "pgguard.jar is not built (-Dpgguard.jar=" + System.getProperty("pgguard.jar")
                + "): run ./mvnw -DskipTests install -pl proxy-core -am");
    }

    /**
     * Starts pgguard with its heap capped at 256 MB and exiting on OutOfMemoryError, so that a leak or a buffered
     * result kills it instead of going unnoticed.
     */
    public static PgGuardProcess startWithCappedHeap(Path workDir) throws IOException, InterruptedException {
        return start(workDir, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    }

    /**
     * Starts {@code java <jvmOptions> -jar pgguard.jar serve --config <yaml>} and waits until /health says up.
     *
     * @param jvmOptions e.g. {@code -Xmx256m}
     */
    public static PgGuardProcess start(Path workDir, List<String> jvmOptions) throws IOException, InterruptedException {
        return start(workDir, jvmOptions, workDir.resolve("audit"));
    }

    /** The same, writing its audit log to {@code auditDirectory} (a restart can continue the same log). */
    public static PgGuardProcess start(Path workDir, List<String> jvmOptions, Path auditDirectory)
            throws IOException, InterruptedException {
        // From the builder that configures the in-process pgguards: the tests' YAML is written in one place.
        PgGuardExtension settings = PgGuardExtension.builder().connectTimeout("10s").startupTimeout("60s")
                .drainPeriod("1s").auditDirectory(auditDirectory).build();
        Path config = workDir.resolve("pgguard.yaml");
        Files.writeString(config, settings.yaml(), StandardCharsets.UTF_8);
        Path log = workDir.resolve("pgguard.log");
        List<String> cmd = javaJar(jvmOptions, "serve", "--config", config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(settings.environment());
        Process p = pb.start();
        System.out.println("[pgguard-process] started pid " + p.pid() + ": " + String.join(" ", cmd));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Matcher m = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("pgguard exited with " + p.exitValue() + " before it was ready:\n"
                        + Files.readString(log));
            }
            Matcher candidate = LISTENING.matcher(Files.readString(log));
            if (candidate.find()) {
                m = candidate;
                break;
            }
            Thread.sleep(100);
        }
        if (m == null) {
            p.destroyForcibly();
            throw new IllegalStateException("pgguard did not report its ports within 90 s:\n" + Files.readString(log));
        }
        PgGuardProcess started = new PgGuardProcess(p, log,
                new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))),
                new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2))));
        started.awaitHealthy(deadline);
        return started;
    }

    /** {@code java -jar pgguard.jar ARGS} with the tests' own java: the command line an operator types. */
    public static List<String> cliCommand(String... args) {
        return javaJar(List.of(), args);
    }

    private static List<String> javaJar(List<String> jvmOptions, String... args) {
        Path jar = jar().orElseThrow(() -> new IllegalStateException("pgguard.jar not found at "
                + System.getProperty("pgguard.jar") + ": build it with ./mvnw -DskipTests install -pl proxy-core -am"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void awaitHealthy(long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("pgguard /health never answered 200:\n" + Files.readString(log));
    }

    public InetSocketAddress address() {
        return address;
    }

    public InetSocketAddress adminAddress() {
        return admin;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    /** How many times the log says {@code text} so far. */
    public int logCount(String text) throws IOException {
        return logText().split(Pattern.quote(text), -1).length - 1;
    }

    /** Waits up to 20 s for the log to say {@code text} {@code times} times, or fails showing the log. */
    public void awaitLog(String text, int times) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (logCount(text) < times && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (logCount(text) < times) {
            throw new AssertionError("the log never said '" + text + "' " + times + " times:\n" + logText());
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The current /metrics scrape. */
    public PrometheusText metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new IOException("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return new PrometheusText(r.body());
    }

    /**
     * Asks the JVM for a full GC through {@code jcmd} (the JDK's own tool, attaching to a JVM of the same user),
     * so that a heap reading afterwards is live data, not garbage. False when jcmd is missing or failed.
     */
    public boolean forceGc() {
        Optional<Path> jcmd = Optional.of(Path.of(System.getProperty("java.home"), "bin", "jcmd"))
                .filter(Files::isExecutable).or(() -> ExternalTool.onPath("jcmd"));
        if (jcmd.isEmpty()) {
            return false;
        }
        try {
            ExternalTool.Result r = ExternalTool.run(List.of(jcmd.get().toString(), String.valueOf(pid()), "GC.run"),
                    Map.of(), null, Duration.ofSeconds(30));
            return r.exitCode() == 0;
        } catch (IOException | InterruptedException | AssertionError e) {
            return false;
        }
    }

    /** A value from /proc/PID/status in kB (VmRSS, VmHWM), or -1 where there is no /proc. */
    public long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** A pgjdbc connection through this pgguard as the harness's agent. */
    public Connection connect(String... params) throws SQLException {
        StringBuilder url = new StringBuilder("jdbc:postgresql://127.0.0.1:").append(address.getPort()).append('/')
                .append(UpstreamPostgres.get().database()).append("?sslmode=disable&connectTimeout=60&socketTimeout=600");
        for (String param : params) {
            url.append('&').append(param);
        }
        return DriverManager.getConnection(url.toString(), PgGuardExtension.AGENT, PgGuardExtension.AGENT_PASSWORD);
    }

    /** SIGTERM (pgguard drains and stops), then SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
