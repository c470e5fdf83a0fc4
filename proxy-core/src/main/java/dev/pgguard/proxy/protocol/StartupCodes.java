package dev.pgguard.proxy.protocol;

/** The int32 codes that open an untyped startup-phase packet, and the limits PostgreSQL applies to them. */
public final class StartupCodes {

    public static final int PROTOCOL_3_0 = 3 << 16;
    public static final int CANCEL_REQUEST = 80877102;
    public static final int SSL_REQUEST = 80877103;
    public static final int GSSENC_REQUEST = 80877104;

    /** PostgreSQL's MAX_STARTUP_PACKET_LENGTH: a longer startup packet is refused before it is buffered. */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10_000;

    /** Authentication request codes inside an Authentication ('R') message. */
    public static final int AUTH_OK = 0;
    public static final int AUTH_CLEARTEXT_PASSWORD = 3;
    public static final int AUTH_MD5_PASSWORD = 5;
    public static final int AUTH_SASL = 10;
    public static final int AUTH_SASL_CONTINUE = 11;
    public static final int AUTH_SASL_FINAL = 12;

    private StartupCodes() {
    }

    public static int major(int version) {
        return version >>> 16;
    }

    public static int minor(int version) {
        return version & 0xFFFF;
    }
}
