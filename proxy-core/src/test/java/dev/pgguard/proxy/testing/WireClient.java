package dev.pgguard.proxy.testing;

import dev.pgguard.proxy.auth.ScramClient;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A raw protocol client for tests: logs in with SCRAM, then sends exact bytes and reads frames. */
public final class WireClient implements AutoCloseable {

    public record Message(char type, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of one ErrorResponse/NoticeResponse field, e.g. 'C' for the SQLSTATE. */
        public String field(char code) {
            int i = 0;
            while (i < body.length && body[i] != 0) {
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                if (body[i] == code) {
                    return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    public int processId;
    public int secretKey;

    public WireClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    public static byte[] startupPacket(int version, Map<String, String> parameters) {
        var body = new java.io.ByteArrayOutputStream();
        parameters.forEach((k, v) -> {
            body.writeBytes((k + "\0" + v + "\0").getBytes(StandardCharsets.UTF_8));
        });
        body.write(0);
        byte[] b = body.toByteArray();
        var packet = java.nio.ByteBuffer.allocate(8 + b.length).putInt(8 + b.length).putInt(version).put(b);
        return packet.array();
    }

    /** Logs in and reads up to the first ReadyForQuery; returns every message of the greeting. */
    public List<Message> login(String user, String password) throws Exception {
        send(startupPacket(3 << 16, Map.of("user", user, "database", "app")));
        Message sasl = read();
        if (sasl.type() != 'R') {
            throw new IllegalStateException("expected SASL request, got " + sasl.type() + " " + sasl.field('M'));
        }
        ScramClient scram = new ScramClient(password, new SecureRandom());
        byte[] first = scram.clientFirst();
        byte[] mech = "SCRAM-SHA-256\0".getBytes(StandardCharsets.US_ASCII);
        send(frame('p', java.nio.ByteBuffer.allocate(mech.length + 4 + first.length).put(mech).putInt(first.length)
                .put(first).array()));
        Message cont = read();
        if (cont.type() != 'R') {
            throw new IllegalStateException("expected SASLContinue, got " + cont.type());
        }
        byte[] serverFirst = java.util.Arrays.copyOfRange(cont.body(), 4, cont.body().length);
        send(frame('p', scram.handleServerFirst(serverFirst)));
        List<Message> greeting = readUntil(m -> m.type() == 'Z' || m.type() == 'E');
        for (Message m : greeting) {
            if (m.type() == 'K') {
                var key = java.nio.ByteBuffer.wrap(m.body());
                processId = key.getInt();
                secretKey = key.getInt();
            }
        }
        return greeting;
    }

    public static byte[] frame(char type, byte[] body) {
        return java.nio.ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    public static byte[] query(String sql) {
        return frame('Q', (sql + "\0").getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] parse(String name, String sql) {
        return frame('P', (name + "\0" + sql + "\0\0\0").getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one byte per write, flushing each, to exercise reassembly of split frames. */
    public void trickle(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    public Message read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new java.io.EOFException("connection closed by pgguard");
        }
        int len = in.readInt();
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    /** Reads messages until (and including) ReadyForQuery. */
    public List<Message> readUntilReady() throws IOException {
        return readUntil(m -> m.type() == 'Z');
    }

    /** Reads messages until (and including) the first one that is {@code last}. */
    private List<Message> readUntil(Predicate<Message> last) throws IOException {
        List<Message> messages = new ArrayList<>();
        Message m;
        do {
            m = read();
            messages.add(m);
        } while (!last.test(m));
        return messages;
    }

    public static String types(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        messages.forEach(m -> sb.append(m.type()));
        return sb.toString();
    }

    /** True when the server closed the connection (reads EOF). */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    public DataInputStream rawIn() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
