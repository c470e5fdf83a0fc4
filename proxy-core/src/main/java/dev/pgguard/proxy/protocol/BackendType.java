package dev.pgguard.proxy.protocol;

/** Type bytes of the typed frames the server sends. See {@link FrontendType} for why this is separate. */
public enum BackendType {
    AUTHENTICATION('R'),
    BACKEND_KEY_DATA('K'),
    BIND_COMPLETE('2'),
    CLOSE_COMPLETE('3'),
    COMMAND_COMPLETE('C'),
    COPY_BOTH_RESPONSE('W'),
    COPY_DATA('d'),
    COPY_DONE('c'),
    COPY_IN_RESPONSE('G'),
    COPY_OUT_RESPONSE('H'),
    DATA_ROW('D'),
    EMPTY_QUERY_RESPONSE('I'),
    ERROR_RESPONSE('E'),
    FUNCTION_CALL_RESPONSE('V'),
    NEGOTIATE_PROTOCOL_VERSION('v'),
    NO_DATA('n'),
    NOTICE_RESPONSE('N'),
    NOTIFICATION_RESPONSE('A'),
    PARAMETER_DESCRIPTION('t'),
    PARAMETER_STATUS('S'),
    PARSE_COMPLETE('1'),
    PORTAL_SUSPENDED('s'),
    READY_FOR_QUERY('Z'),
    ROW_DESCRIPTION('T');

    private static final BackendType[] BY_CODE = new BackendType[128];

    static {
        for (BackendType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final byte code;

    BackendType(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a frame's first byte, or null when no backend message has that code. */
    public static BackendType of(byte code) {
        return code >= 0 ? BY_CODE[code] : null;
    }
}
