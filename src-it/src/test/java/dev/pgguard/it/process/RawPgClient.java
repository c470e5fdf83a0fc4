package dev.pgguard.it.process;

import dev.pgguard.proxy.auth.ScramClient;
import dev.pgguard.proxy.auth.ScramException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL v3 client on a bare socket, for tests that must send what no driver would: it writes whatever
 * bytes it is given and reads backend frames one by one. Login is SCRAM-SHA-256 with pgguard's own
 * {@link ScramClient}.
 */
public final class RawPgClient implements AutoCloseable {

    /** A backend frame: its type byte and body. */
    public record BackendFrame(char type, byte[] body) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects; reads time out after {@code readTimeoutMillis} (a test waiting for a reply never hangs). */
    public static RawPgClient connect(InetSocketAddress address, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(address, 10_000);
        s.setSoTimeout(readTimeoutMillis);
        s.setTcpNoDelay(true);
        return new RawPgClient(s);
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A protocol 3.0 StartupMessage with these parameters. */
    public static byte[] startupMessage(Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            cString(body, p.getKey());
            cString(body, p.getValue());
        }
        body.write(0);
        byte[] b = body.toByteArray();
        return ByteBuffer.allocate(8 + b.length).putInt(8 + b.length).putInt(196608).put(b).array();
    }

    /** A typed frontend frame: type, Int32 length (itself included), body. */
    public static byte[] frame(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    /** A simple Query frame. */
    public static byte[] query(String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        cString(body, sql);
        return frame('Q', body.toByteArray());
    }

    /** A Parse of {@code sql} as prepared statement {@code name}, without parameter types. */
    public static byte[] parse(String name, String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        cString(body, name);
        cString(body, sql);
        body.writeBytes(new byte[2]); // no parameter types
        return frame('P', body.toByteArray());
    }

    /** A Bind of prepared statement {@code statement} to the unnamed portal, without parameters. */
    public static byte[] bind(String statement) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        cString(body, "");
        cString(body, statement);
        body.writeBytes(new byte[6]); // no parameter formats, no parameters, no result formats
        return frame('B', body.toByteArray());
    }

    /** A Close of prepared statement {@code name}. */
    public static byte[] closeStatement(String name) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('S');
        cString(body, name);
        return frame('C', body.toByteArray());
    }

    /** A Sync. */
    public static byte[] sync() {
        return frame('S', new byte[0]);
    }

    /** Execute of the unnamed portal, all rows, then Sync. */
    public static byte[] executeAndSync() {
        byte[] execute = frame('E', new byte[5]); // "" and max rows 0
        byte[] sync = sync();
        return ByteBuffer.allocate(execute.length + sync.length).put(execute).put(sync).array();
    }

    /** Frames up to and including the next ReadyForQuery. */
    public List<BackendFrame> readUntilReady() throws IOException {
        List<BackendFrame> frames = new ArrayList<>();
        BackendFrame f;
        do {
            f = readFrame();
            frames.add(f);
        } while (f.type() != 'Z');
        return frames;
    }

    /** Sends {@code frames}, then reads up to the next ReadyForQuery: its tags and SQLSTATEs ({@link #outcomes}). */
    public List<String> request(byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            write(f);
        }
        return outcomes(readUntilReady());
    }

    /** The CommandComplete tags and ErrorResponse SQLSTATEs among {@code frames}, in order. */
    public static List<String> outcomes(List<BackendFrame> frames) {
        List<String> out = new ArrayList<>();
        for (BackendFrame f : frames) {
            if (f.type() == 'C') {
                out.add(new String(f.body(), 0, f.body().length - 1, StandardCharsets.UTF_8));
            } else if (f.type() == 'E') {
                out.add("ERROR " + errorFields(f).get('C'));
            }
        }
        return out;
    }

    /**
     * StartupMessage, SCRAM-SHA-256 exchange, then everything up to the first ReadyForQuery.
     *
     * @return the backend frames received after AuthenticationOk (ParameterStatus, BackendKeyData, ReadyForQuery)
     */
    public List<BackendFrame> login(String user, String password, String database)
            throws IOException, ScramException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", user);
        params.put("database", database);
        params.put("application_name", "raw-test-client");
        write(startupMessage(params));

        BackendFrame sasl = expectAuth(10);
        List<String> mechanisms = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(sasl.body(), 4, sasl.body().length - 4);
        for (String m = readCString(b); !m.isEmpty(); m = readCString(b)) {
            mechanisms.add(m);
        }
        ScramClient scram = new ScramClient(password, new SecureRandom());
        String mechanism = scram.chooseMechanism(mechanisms);
        byte[] first = scram.clientFirst();
        ByteArrayOutputStream initial = new ByteArrayOutputStream();
        cString(initial, mechanism);
        initial.writeBytes(ByteBuffer.allocate(4).putInt(first.length).array());
        initial.writeBytes(first);
        write(frame('p', initial.toByteArray()));

        BackendFrame cont = expectAuth(11);
        byte[] clientFinal = scram.handleServerFirst(Arrays.copyOfRange(cont.body(), 4, cont.body().length));
        write(frame('p', clientFinal));

        BackendFrame fin = expectAuth(12);
        scram.handleServerFinal(Arrays.copyOfRange(fin.body(), 4, fin.body().length));
        expectAuth(0);

        List<BackendFrame> greeting = new ArrayList<>();
        while (true) {
            BackendFrame f = readFrame();
            if (f.type() == 'E') {
                throw new IOException("login failed: " + errorFields(f));
            }
            greeting.add(f);
            if (f.type() == 'Z') {
                return greeting;
            }
        }
    }

    private BackendFrame expectAuth(int code) throws IOException {
        BackendFrame f = readFrame();
        if (f.type() == 'E') {
            throw new IOException("expected Authentication " + code + ", got an error: " + errorFields(f));
        }
        int got = f.body().length >= 4 ? ByteBuffer.wrap(f.body()).getInt() : -1;
        if (f.type() != 'R' || got != code) {
            throw new IOException("expected Authentication " + code + ", got '" + f.type() + "' " + got);
        }
        return f;
    }

    /** The next backend frame; EOFException when the server closed the connection. */
    public BackendFrame readFrame() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        int length = in.readInt();
        if (length < 4 || length > 64 * 1024 * 1024) {
            throw new IOException("implausible backend frame length " + length + " for type '" + (char) type + "'");
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new BackendFrame((char) type, body);
    }

    /** Reads frames until an ErrorResponse, skipping notices and the rest; returns its fields by code. */
    public Map<Character, String> readError() throws IOException {
        while (true) {
            BackendFrame f = readFrame();
            if (f.type() == 'E') {
                return errorFields(f);
            }
        }
    }

    /** The fields of an ErrorResponse or NoticeResponse body: 'S' severity, 'C' SQLSTATE, 'M' message, ... */
    public static Map<Character, String> errorFields(BackendFrame f) {
        Map<Character, String> fields = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(f.body());
        while (b.hasRemaining()) {
            byte code = b.get();
            if (code == 0) {
                break;
            }
            fields.put((char) code, readCString(b));
        }
        return fields;
    }

    /**
     * True when the server has closed the connection: the next read sees end of stream (or a reset) within
     * the read timeout. Any byte that arrives instead is a failure of the caller's expectation.
     */
    public boolean closedByServer() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("expected the connection to be closed, got another frame of type '"
                        + (char) b + "'");
            }
            return true;
        } catch (SocketException e) {
            return true; // connection reset: closed as well
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Half-closes our side: the server sees end of stream. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void cString(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static String readCString(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // scan to the terminator
        }
        return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
    }
}
