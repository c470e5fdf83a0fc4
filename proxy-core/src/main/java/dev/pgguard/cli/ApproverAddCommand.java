package dev.pgguard.cli;

import static dev.pgguard.cli.ManagedFileCommands.tell;

import dev.pgguard.approval.totp.TotpSecret;
import dev.pgguard.cli.qr.QrText;
import dev.pgguard.config.ApprovalsConfig;
import dev.pgguard.config.ApproverConfig;
import dev.pgguard.config.ConfigException;
import dev.pgguard.proxy.admin.ApproverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard approver add NAME}: a new approver with a random token of their own. The token goes to a file for
 * the approver's CLI (by default the one {@code pgguard approve} reads); pgguard keeps only its SHA-256, in the
 * approvers file. With {@code --totp}, a TOTP secret is made too, kept in a file beside the approvers file, and
 * shown once as an {@code otpauth://} URI and a QR code for the approver's authenticator app.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Add an approver with a new random token, written to the token file (mode 600). pgguard keeps "
                + "only the token's SHA-256, in the approvers file beside the config file (or in ~/.pgguard without "
                + "one). A running pgguard accepts the token within a second; from the first named approver on, "
                + "the shared approver token is no longer accepted.",
                "With --totp, every decision of this approver also needs the current code of an authenticator app: "
                        + "scan the QR code shown (it is shown only now)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:added", "1:an approver of that name exists, or the token file (or the TOTP secret file) "
                + "exists and --force was not given", "64:usage error",
                "74:a file cannot be read or written",
                "78:configuration error: the configuration does not load, or would not with this approver "
                        + "(nothing was written)"})
final class ApproverAddCommand implements Callable<Integer> {

    static final String ISSUER = "pgguard";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the approver's name, as the audit log records their decisions: "
            + "1 to 63 characters of a-z, 0-9, _, . and -, starting with a letter or digit")
    private String name;

    @Option(names = "--totp", description = "also require a TOTP code (an authenticator app on the approver's phone) "
            + "for every approve, deny, grant and revoke")
    private boolean totp;

    @Option(names = "--token-file", paramLabel = "FILE", description = "where to write the approver's token (default: "
            + "~/" + ApprovalsConfig.DEFAULT_TOKEN_FILE + ", which pgguard approve reads)")
    private Path tokenFile;

    @Option(names = "--force", description = "replace the token file (and a TOTP secret file of this name) if it "
            + "exists")
    private boolean force;

    @Mixin
    ConfigFile configFile;

    /** The environment and whether standard output is a terminal, for how the QR code is drawn; tests replace them. */
    UnaryOperator<String> env = System::getenv;
    boolean terminal = System.console() != null;
    Charset charset = Optional.ofNullable(System.getProperty("sun.stdout.encoding")).map(Charset::forName)
            .orElse(Charset.defaultCharset());

    @Override
    public Integer call() throws ConfigException {
        checkName();
        Path tokens = tokenFile != null ? tokenFile : configFile.home.resolve(ApprovalsConfig.DEFAULT_TOKEN_FILE);
        try (ManagedStore store = ManagedStore.edit(configFile, ManagedFile.APPROVERS)) {
            if (store.defines(name)) {
                tell(spec, "pgguard: approver '" + name + "' already exists (in "
                        + store.definedIn(name) + "). To give them a new token, remove them first, then add them "
                        + "again.");
                return ApproverCommand.REFUSED;
            }
            Optional<String> occupied = force ? Optional.empty() : occupant(tokens, store);
            if (occupied.isPresent()) {
                tell(spec, "pgguard: " + tokens + " holds a token already: " + occupied.get()
                        + ". Give --token-file FILE for another file, or --force to replace it.");
                return ApproverCommand.REFUSED;
            }
            Path secretFile = store.file().resolveSibling(secretFileName(name));
            if (totp && !force && Files.exists(secretFile)) {
                tell(spec, "pgguard: " + secretFile + " exists already; remove it if no approver "
                        + "uses it, or give --force to replace it.");
                return ApproverCommand.REFUSED;
            }
            return add(store, tokens, secretFile);
        } catch (CandidateConfig.WouldNotLoad e) {
            return ManagedFileCommands.wouldNotLoad(spec, ManagedFile.APPROVERS,
                    "approver '" + name + "' was not added", e);
        } catch (IOException e) {
            return ApproverCommand.ioFailure(spec, "approver '" + name + "' was not added", e);
        }
    }

    private int add(ManagedStore store, Path tokens, Path secretFile)
            throws IOException, CandidateConfig.WouldNotLoad {
        String token = Passwords.random(32); // 256 bits
        Optional<TotpSecret> secret = totp ? Optional.of(TotpSecret.generate(RANDOM)) : Optional.empty();
        boolean first = store.config().approvers().isEmpty();
        if (secret.isPresent()) {
            // before the approvers file names it: the configuration only loads with the file there
            ManagedFileWriter.replace(secretFile, secret.get().base32() + "\n", candidate -> { });
        }
        store.entries().add(ApproverEntry.of(name, ApproverRegistry.tokenSha256(token),
                secret.map(s -> secretFileName(name))));
        try {
            store.save(() -> ManagedFileWriter.replace(tokens, token + "\n", candidate -> { }));
        } catch (IOException | CandidateConfig.WouldNotLoad e) {
            if (secret.isPresent()) {
                Files.deleteIfExists(secretFile); // no approver has it: a secret is not left lying about
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("approver '" + name + "' added to " + store.file() + ". Their token is in " + tokens
                + " (mode 600), where pgguard approve finds it" + (tokenFile == null ? "" : " with --token-file "
                + tokens) + "; keep it to " + name + ". A running pgguard accepts it within a second.");
        if (first) {
            out.println("This is the first named approver: from now on only approvers' own tokens open the admin "
                    + "API, and the shared approver token no longer does.");
        }
        secret.ifPresent(s -> enrol(out, s, secretFile));
        out.flush();
        return ExitCodes.OK;
    }

    /** The QR code and the URI, for the approver's authenticator app; shown once. */
    private void enrol(PrintWriter out, TotpSecret secret, Path secretFile) {
        String uri = secret.otpauthUri(ISSUER, name);
        out.println();
        out.println("TOTP: scan this with the authenticator app on " + name + "'s phone (or type in the URI "
                + "below). Every decision of " + name + " needs the code it shows from now on.");
        out.println();
        QrText qr = QrText.of(uri);
        boolean blocks = !"dumb".equals(env.apply("TERM")) && charset.equals(StandardCharsets.UTF_8);
        List<String> lines = blocks ? qr.halfBlocks(Ansi.of(terminal, env).enabled()) : qr.plain();
        lines.forEach(out::println);
        out.println();
        out.println(uri);
        out.println();
        out.println("The secret is kept in " + secretFile + " (mode 600) and is not shown again: clear this screen "
                + "once the app shows codes for " + ISSUER + ":" + name + ".");
    }

    /** The approver's TOTP secret file, beside the approvers file (which names it relative to its own directory). */
    static String secretFileName(String approver) {
        return approver + ".totp";
    }

    private void checkName() {
        try {
            new ApproverConfig(name, "0".repeat(64), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid approver name '" + Text.shown(name) + "': use "
                    + "1 to 63 characters of a-z, 0-9, _, . and -, starting with a letter or digit");
        }
    }

    /** Whose token the file holds, when it holds one; the token itself is never shown. */
    private static Optional<String> occupant(Path file, ManagedStore store) throws IOException {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String hash = ApproverRegistry.tokenSha256(token);
        return Optional.of(store.config().approvers().stream().filter(a -> a.tokenSha256().equals(hash)).findFirst()
                .map(a -> "approver '" + a.name() + "''s, whose CLI would lose it")
                .orElse("no named approver's (perhaps the shared approver token pgguard serve made, which named "
                        + "approvers replace)"));
    }
}
