package dev.pgguard.proxy.protocol;

/**
 * Type bytes of the typed frames a client sends (PostgreSQL docs, "Message Formats"). The same byte means
 * something else from the backend ({@code 'D'} is Describe here and DataRow there), so the two directions
 * never share an enum.
 */
public enum FrontendType {
    BIND('B'),
    CLOSE('C'),
    COPY_DATA('d'),
    COPY_DONE('c'),
    COPY_FAIL('f'),
    DESCRIBE('D'),
    EXECUTE('E'),
    FLUSH('H'),
    FUNCTION_CALL('F'),
    PARSE('P'),
    /** PasswordMessage, SASLInitialResponse, SASLResponse and GSSResponse all use 'p'. */
    PASSWORD('p'),
    QUERY('Q'),
    SYNC('S'),
    TERMINATE('X');

    private static final FrontendType[] BY_CODE = new FrontendType[128];

    static {
        for (FrontendType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final byte code;

    FrontendType(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a frame's first byte, or null when no frontend message has that code. */
    public static FrontendType of(byte code) {
        return code >= 0 ? BY_CODE[code] : null;
    }

    /**
     * Extended-query messages that can fail: after an error in one, PostgreSQL discards every message up to the
     * next Sync ("Extended Query" in the protocol chapter of its documentation).
     */
    public boolean mayFailInBatch() {
        return this == PARSE || this == BIND || this == EXECUTE || this == DESCRIBE;
    }

    /**
     * Messages whose body is always empty: PostgreSQL rejects any other length for them, and so does pgguard
     * (a larger length here is a desynchronised or hostile stream, not a big message).
     */
    public boolean hasEmptyBody() {
        return this == SYNC || this == FLUSH || this == TERMINATE || this == COPY_DONE;
    }
}
