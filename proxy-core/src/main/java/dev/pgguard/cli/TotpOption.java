package dev.pgguard.cli;

import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** {@code --totp CODE}, mixed into the commands that decide: approve, deny, grant, grant revoke. */
final class TotpOption {

    @Option(names = "--totp", paramLabel = "CODE", description = "the current code of the approver's authenticator "
            + "app, for scripts; without it pgguard asks for the code when the approver has TOTP. A code decides once")
    String code;

    /** @param in standard input, read only if a code is to be typed */
    TotpCodes codes(InputStream in, PrintWriter err) {
        // the terminal's own encoding, which on Java 17 is the locale's: what the approver types arrives in it
        return new TotpCodes(code, () -> new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())), err);
    }
}
