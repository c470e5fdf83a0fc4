package dev.pgguard.proxy.testing;

import io.netty.handler.ssl.util.SelfSignedCertificate;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A PostgreSQL server that insists on TLS, for tests of pgguard's upstream TLS: it reads the SSLRequest, answers
 * 'S', does the TLS handshake with a self-signed certificate, records the SNI host name the client sent (or
 * its absence), then greets with trust authentication (AuthenticationOk, BackendKeyData, ReadyForQuery) and
 * answers every Query with CommandComplete + ReadyForQuery, as {@link FakeUpstream} does in plaintext.
 */
public final class TlsFakeUpstream implements AutoCloseable {

    /** The SNI host name of each TLS handshake, in order; empty when the client sent none. */
    public final BlockingQueue<Optional<String>> serverNames = new LinkedBlockingQueue<>();

    private final ServerSocket server;
    private final SSLContext tls;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

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
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tls-fake-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "tls-fake-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            DataInputStream plainIn = new DataInputStream(plain.getInputStream());
            int length = plainIn.readInt();
            int code = plainIn.readInt();
            if (length != 8 || code != 80877103) {
                return; // not an SSLRequest: this server speaks only TLS
            }
            plain.getOutputStream().write('S');
            plain.getOutputStream().flush();
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true)) {
                sockets.add(socket);
                socket.setUseClientMode(false);
                socket.startHandshake();
                List<SNIServerName> names = ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames();
                serverNames.add(names.stream().filter(n -> n instanceof SNIHostName)
                        .map(n -> ((SNIHostName) n).getAsciiName()).findFirst());
                relay(socket);
            }
        } catch (IOException e) {
            // connection gone
        }
    }

    private void relay(SSLSocket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        int length = in.readInt();
        in.readFully(new byte[length - 4]); // the StartupMessage
        frame(out, 'R', new byte[] {0, 0, 0, 0});
        frame(out, 'K', new byte[] {0, 0, 0x10, (byte) 0x92, 0, 0, 3, 9});
        frame(out, 'Z', new byte[] {'I'});
        out.flush();
        while (true) {
            int type = in.read();
            if (type < 0 || type == 'X') {
                return;
            }
            in.readFully(new byte[in.readInt() - 4]);
            if (type == 'Q') {
                frame(out, 'C', "SELECT 1\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                frame(out, 'Z', new byte[] {'I'});
                out.flush();
            }
        }
    }

    private static void frame(DataOutputStream out, char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(4 + body.length);
        out.write(body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
