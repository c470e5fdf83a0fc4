package dev.pgguard.config;

import java.nio.file.Path;
import java.util.Objects;

/** Client-facing TLS: a PEM certificate chain and its PEM private key. */
public record TlsConfig(Path certFile, Path keyFile) {

    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
