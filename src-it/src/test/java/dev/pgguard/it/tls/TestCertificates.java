package dev.pgguard.it.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at test time: one CA and server certificates it signed, written as PEM files (the
 * certificate, its PKCS#8 key with mode 0600 as PostgreSQL demands, and the CA) into a directory.
 *
 * <ul>
 *   <li>{@link #localhost()}: SAN DNS:localhost and IP:127.0.0.1, valid for either way of naming this machine;</li>
 *   <li>{@link #localhostNameOnly()}: SAN DNS:localhost only, so a check against {@code 127.0.0.1} must fail;</li>
 *   <li>{@link #wrongName()}: SAN DNS:other.example, a good chain with the wrong name.</li>
 * </ul>
 * EC P-256 keys: quick to generate on a slow machine, and read by OpenSSL, the JDK and Netty alike.
 */
public final class TestCertificates {

    /** A server certificate and its key, as PEM files. */
    public record ServerPem(Path certFile, Path keyFile) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path caFile;
    private final ServerPem localhost;
    private final ServerPem localhostNameOnly;
    private final ServerPem wrongName;

    private TestCertificates(Path caFile, ServerPem localhost, ServerPem localhostNameOnly, ServerPem wrongName) {
        this.caFile = caFile;
        this.localhost = localhost;
        this.localhostNameOnly = localhostNameOnly;
        this.wrongName = wrongName;
    }

    /** Generates the CA and the three server certificates into {@code dir}. */
    public static TestCertificates create(Path dir) {
        try {
            KeyPair caKeys = newKeyPair();
            X500Name caName = new X500Name("CN=pgguard test CA");
            X509Certificate ca = sign(caName, caName, caKeys.getPublic(), caKeys, null, true);
            Path caFile = dir.resolve("ca.pem");
            Files.writeString(caFile, pem(ca), StandardCharsets.US_ASCII);
            return new TestCertificates(caFile,
                    server(dir, "localhost", caName, caKeys,
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
                    server(dir, "localhost-name-only", caName, caKeys,
                            new GeneralName(GeneralName.dNSName, "localhost")),
                    server(dir, "other-example", caName, caKeys,
                            new GeneralName(GeneralName.dNSName, "other.example")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("could not generate the test certificates", e);
        }
    }

    /** The CA certificate (PEM): what {@code sslrootcert} names. */
    public Path caFile() {
        return caFile;
    }

    public ServerPem localhost() {
        return localhost;
    }

    public ServerPem localhostNameOnly() {
        return localhostNameOnly;
    }

    public ServerPem wrongName() {
        return wrongName;
    }

    private static ServerPem server(Path dir, String stem, X500Name caName, KeyPair caKeys, GeneralName... names)
            throws IOException, GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(new X500Name("CN=" + stem), caName, keys.getPublic(), caKeys,
                new GeneralNames(names), false);
        Path certFile = dir.resolve(stem + ".crt");
        Path keyFile = dir.resolve(stem + ".key");
        Files.writeString(certFile, pem(cert), StandardCharsets.US_ASCII);
        // PostgreSQL refuses a key file that its group or others can read.
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)), StandardCharsets.US_ASCII);
        return new ServerPem(certFile, keyFile);
    }

    private static X509Certificate sign(X500Name subject, X500Name issuer, java.security.PublicKey subjectKey,
                                        KeyPair issuerKeys, GeneralNames altNames, boolean isCa)
            throws IOException, GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                subject, subjectKey);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
