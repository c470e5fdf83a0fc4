package dev.pgguard.cli;

import dev.pgguard.config.AdminConfig;
import dev.pgguard.config.ApprovalsConfig;
import dev.pgguard.config.ConfigException;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.config.Secret;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the approver's commands find the admin API and prove who they are. Each setting is taken from the first
 * place that has it: the option, then the environment, then the configuration file (the one {@code serve}
 * reads), then the default. The configuration is read only when needed, so that {@code --admin-url} with
 * {@code PGGUARD_APPROVER_TOKEN} works on a machine whose config file needs secrets this shell does not have.
 */
final class AdminOptions {

    static final String URL_ENV = "PGGUARD_ADMIN_URL";
    static final String TOKEN_ENV = "PGGUARD_APPROVER_TOKEN";
    /** Where {@code pgguard serve} writes the token when the configuration names none (under the home directory). */
    static final String DEFAULT_TOKEN_FILE = ApprovalsConfig.DEFAULT_TOKEN_FILE;

    @Option(names = "--admin-url", paramLabel = "URL",
            description = "the admin API (default: $" + URL_ENV + ", else the config file's admin: host and port, "
                    + "else http://127.0.0.1:6433)")
    String adminUrl;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the approver token (default: $" + TOKEN_ENV + ", else the config file's "
                    + "approvals.token, else ~/" + DEFAULT_TOKEN_FILE + ")")
    Path tokenFile;

    @Mixin
    ConfigFile configFile = new ConfigFile();

    private PgGuardConfig config;

    /**
     * @param env  the environment
     * @param home the user's home directory (for {@code ~/.pgguard/approver.token})
     */
    AdminTarget resolve(UnaryOperator<String> env, Path home) throws AdminException, ConfigException {
        Found token = token(env, home);
        return new AdminTarget(url(env), checked(token.secret(), token.source()), token.source());
    }

    /** The admin API's client, for the approver this shell is ({@link Approver#of}). */
    AdminClient client(UnaryOperator<String> env, Path home) throws AdminException, ConfigException {
        return new AdminClient(resolve(env, home), Approver.of(env));
    }

    /** A token and where it came from, for messages (never the token itself). */
    private record Found(Secret secret, String source) {
    }

    private URI url(UnaryOperator<String> env) throws AdminException, ConfigException {
        if (adminUrl != null) {
            return parseUrl(adminUrl, "--admin-url");
        }
        String fromEnv = env.apply(URL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parseUrl(fromEnv.strip(), URL_ENV);
        }
        AdminConfig admin = config().admin();
        if (admin.port() == 0) {
            throw new AdminException(ExitCodes.USAGE, "the configuration's admin port is 0 (any free port), so "
                    + "the CLI cannot know it: give --admin-url or set " + URL_ENV);
        }
        return URI.create("http://" + hostInUrl(admin.host()) + ":" + admin.port());
    }

    /** A listener on every address is reached on loopback; an IPv6 literal needs brackets in a URL. */
    static String hostInUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("*")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static URI parseUrl(String text, String source) throws AdminException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new AdminException(ExitCodes.USAGE, source + ": not a URL: " + text);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new AdminException(ExitCodes.USAGE,
                    source + " must be an http:// or https:// URL with a host, like http://127.0.0.1:6433, got " + text);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** The first of: --token-file, the environment, the configuration, the file pgguard serve creates. */
    private Found token(UnaryOperator<String> env, Path home) throws AdminException, ConfigException {
        if (tokenFile != null) {
            return new Found(read(tokenFile, "--token-file"), "--token-file " + tokenFile);
        }
        String fromEnv = env.apply(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Found(Secret.of(fromEnv.strip()), "$" + TOKEN_ENV);
        }
        Optional<Secret> configured = config().approvals().approverToken();
        if (configured.isPresent()) {
            return new Found(Secret.of(configured.get().reveal().strip()), "approvals.token in the configuration");
        }
        Path standard = home.resolve(DEFAULT_TOKEN_FILE);
        if (Files.exists(standard)) {
            return new Found(read(standard, "~/" + DEFAULT_TOKEN_FILE), standard.toString());
        }
        throw new AdminException(ExitCodes.NOPERM, "no approver token: give --token-file FILE, set " + TOKEN_ENV
                + " or approvals.token, or run pgguard serve once as this user (it creates " + standard + ")");
    }

    private static Secret read(Path file, String source) throws AdminException {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new AdminException(ExitCodes.NOPERM, source + ": " + file + " does not exist");
        } catch (IOException e) {
            throw new AdminException(ExitCodes.NOPERM, source + ": cannot read " + file + ": " + e);
        }
        if (token.isEmpty()) {
            throw new AdminException(ExitCodes.NOPERM, source + ": " + file + " is empty");
        }
        return Secret.of(token);
    }

    /**
     * A bearer token is visible ASCII. Checked here because the HTTP client's own complaint about a bad header
     * value would quote the value, and the token must never reach the terminal.
     */
    private static Secret checked(Secret token, String source) throws AdminException {
        if (!token.reveal().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new AdminException(ExitCodes.NOPERM, "the approver token from " + source
                    + " has characters a bearer token cannot have (white space, control or non-ASCII characters)");
        }
        return token;
    }

    private PgGuardConfig config() throws ConfigException {
        if (config == null) {
            config = configFile.load();
        }
        return config;
    }
}
