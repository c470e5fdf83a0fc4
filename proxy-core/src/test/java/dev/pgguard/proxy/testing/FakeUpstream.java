package dev.pgguard.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted PostgreSQL server for session tests: trust authentication, a fixed greeting (ParameterStatus,
 * BackendKeyData 4242/777, ReadyForQuery), then for every Query a CommandComplete "SELECT 1" + ReadyForQuery,
 * for Parse/Bind/Execute their completions, for Sync a ReadyForQuery; a Query starting with "hang" is never
 * answered. Everything it receives after startup is
 * recorded byte for byte, so tests can assert what reached "the database".
 *
 * <p>The protocol is spoken on whatever {@link Transport} makes of each accepted connection: the socket itself
 * here, a TLS socket in {@link TlsFakeUpstream}.
 */
public final class FakeUpstream implements AutoCloseable {

    public static final int PID = 4242;
    public static final int SECRET = 777;
    /** A SELECT of a double-quoted name: what pgguard sends upstream in place of a refused statement. */
    private static final Pattern QUOTED_SELECT = Pattern.compile("SELECT \"([^\"]+)\"");

    /** What an accepted connection is turned into before the protocol starts. */
    @FunctionalInterface
    interface Transport {
        /** The socket to speak the protocol on, or null when the connection is to end here. */
        Socket open(Socket accepted) throws IOException;
    }

    private final Transport transport;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Every byte received after the startup message, per connection, in order. */
    public final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    public final BlockingQueue<int[]> cancels = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> startupUsers = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

    public FakeUpstream() throws IOException {
        this(socket -> socket, "fake-upstream");
    }

    FakeUpstream(Transport transport, String threadName) throws IOException {
        this.transport = transport;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, threadName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** All bytes received after startup so far, across connections. */
    public synchronized byte[] allReceived() {
        return all.toByteArray();
    }

    /** Closes every connection the fake has accepted, as a crashing database would. */
    public void dropConnections() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), acceptor.getName() + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * PostgreSQL's answer to a SELECT of a double-quoted name with no FROM clause (what pgguard sends in place of
     * a refused statement): 42703, column does not exist. True if it answered so.
     */
    private static boolean columnError(DataOutputStream out, String sql) throws IOException {
        Matcher m = QUOTED_SELECT.matcher(sql);
        if (!m.find()) {
            return false;
        }
        frame(out, 'E', ("SERROR\0VERROR\0C42703\0Mcolumn \"" + m.group(1) + "\" does not exist\0\0")
                .getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private void serve(Socket accepted) {
        try (accepted; Socket socket = transport.open(accepted)) {
            if (socket == null) {
                return;
            }
            if (socket != accepted) {
                sockets.add(socket);
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            int length = in.readInt();
            int code = in.readInt();
            if (code == 80877102) {
                cancels.add(new int[] {in.readInt(), in.readInt()});
                return;
            }
            byte[] rest = new byte[length - 8];
            in.readFully(rest);
            String params = new String(rest, StandardCharsets.UTF_8);
            startupUsers.add(params.split("\0")[1]);
            frame(out, 'R', new byte[] {0, 0, 0, 0});
            frame(out, 'S', "server_version\u000017.0\u0000".getBytes(StandardCharsets.UTF_8));
            frame(out, 'K', new byte[] {0, 0, 0x10, (byte) 0x92, 0, 0, 3, 9});
            frame(out, 'Z', new byte[] {'I'});
            out.flush();
            boolean skippingUntilSync = false;
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int len = in.readInt();
                byte[] body = new byte[len - 4];
                in.readFully(body);
                record(type, len, body);
                String text = new String(body, StandardCharsets.UTF_8);
                if (skippingUntilSync && type != 'S') {
                    continue; // as PostgreSQL after an error in the extended protocol
                }
                switch (type) {
                    case 'Q' -> {
                        if (text.startsWith("hang")) {
                            break; // a statement that runs "forever": no answer
                        }
                        if (!columnError(out, text)) {
                            frame(out, 'C', "SELECT 1\0".getBytes(StandardCharsets.UTF_8));
                        }
                        frame(out, 'Z', new byte[] {'I'});
                    }
                    case 'P' -> {
                        if (columnError(out, text)) {
                            skippingUntilSync = true;
                        } else {
                            frame(out, '1', new byte[0]);
                        }
                    }
                    case 'B' -> frame(out, '2', new byte[0]);
                    case 'E' -> frame(out, 'C', "SELECT 1\0".getBytes(StandardCharsets.UTF_8));
                    case 'S' -> {
                        skippingUntilSync = false;
                        frame(out, 'Z', new byte[] {'I'});
                    }
                    case 'X' -> {
                        return;
                    }
                    default -> {
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // connection gone
        }
    }

    private synchronized void record(int type, int len, byte[] body) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(type);
        frame.write(len >>> 24);
        frame.write(len >>> 16);
        frame.write(len >>> 8);
        frame.write(len);
        frame.writeBytes(body);
        all.writeBytes(frame.toByteArray());
        received.add(frame.toByteArray());
    }

    private static void frame(DataOutputStream out, char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(4 + body.length);
        out.write(body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
