package dev.pgguard.proxy.testing;

import io.netty.handler.ssl.util.SelfSignedCertificate;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A PostgreSQL server that insists on TLS, for tests of pgguard's upstream TLS: it reads the SSLRequest, answers
 * 'S', does the TLS handshake with a self-signed certificate and records the SNI host name the client sent (or
 * its absence); over TLS it is a {@link FakeUpstream}, scripted answers and all.
 */
public final class TlsFakeUpstream implements AutoCloseable {

    private static final int SSL_REQUEST_CODE = 80877103;

    /** The SNI host name of each TLS handshake, in order; empty when the client sent none. */
    public final BlockingQueue<Optional<String>> serverNames = new LinkedBlockingQueue<>();

    private final SSLContext tls;
    private final FakeUpstream upstream;

    public TlsFakeUpstream() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "unused".toCharArray();
            store.setKeyEntry("server", cert.key(), password, new Certificate[] {cert.cert()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
        } finally {
            cert.delete();
        }
        upstream = new FakeUpstream(this::startTls, "tls-fake-upstream");
    }

    public int port() {
        return upstream.port();
    }

    /** SSLRequest, 'S', the handshake: the TLS socket, or null for a client that did not ask for TLS. */
    private Socket startTls(Socket plain) throws IOException {
        DataInputStream plainIn = new DataInputStream(plain.getInputStream());
        int length = plainIn.readInt();
        int code = plainIn.readInt();
        if (length != 8 || code != SSL_REQUEST_CODE) {
            return null; // this server speaks only TLS
        }
        plain.getOutputStream().write('S');
        plain.getOutputStream().flush();
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        socket.setUseClientMode(false);
        socket.startHandshake();
        List<SNIServerName> names = ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames();
        serverNames.add(names.stream().filter(n -> n instanceof SNIHostName)
                .map(n -> ((SNIHostName) n).getAsciiName()).findFirst());
        return socket;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
