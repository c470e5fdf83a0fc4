package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each message pgguard writes, against bytes built by hand from the protocol documentation. */
class MessagesTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static void assertBytes(String expectedHex, ByteBuf actual) {
        try {
            assertEquals(expectedHex, ByteBufUtil.hexDump(actual),
                    () -> "\nexpected:\n" + ByteBufUtil.prettyHexDump(io.netty.buffer.Unpooled.wrappedBuffer(
                            ByteBufUtil.decodeHexDump(expectedHex))) + "\nactual:\n" + ByteBufUtil.prettyHexDump(actual));
        } finally {
            actual.release();
        }
    }

    @Test
    void readyForQuery() {
        assertBytes("5a0000000549", BackendMessages.readyForQuery(ALLOC, (byte) 'I'));
    }

    @Test
    void backendKeyData() {
        assertBytes("4b0000000c" + "000004d2" + "ffffffff", BackendMessages.backendKeyData(ALLOC, 1234, -1));
    }

    @Test
    void authenticationSaslListsMechanismsThenEmptyString() {
        // 'R', length, int32 10, "SCRAM-SHA-256\0", "\0"
        assertBytes("52000000170000000a" + "534352414d2d5348412d32353600" + "00",
                BackendMessages.authenticationSasl(ALLOC, List.of("SCRAM-SHA-256")));
    }

    @Test
    void authenticationOk() {
        assertBytes("520000000800000000", BackendMessages.authenticationOk(ALLOC));
    }

    @Test
    void negotiateProtocolVersionCarriesFullVersionAndOptions() {
        // 'v', length 4+4+4+"_pq_.x\0"(7) = 19, version 0x00030000, count 1
        assertBytes("7600000013" + "00030000" + "00000001" + "5f70715f2e7800",
                BackendMessages.negotiateProtocolVersion(ALLOC, StartupCodes.PROTOCOL_3_0, List.of("_pq_.x")));
    }

    @Test
    void errorResponseFields() {
        PgError error = new PgError("FATAL", "08P01", "bad", null, "fix");
        // 'E' len S FATAL V FATAL C 08P01 M bad H fix \0
        assertBytes("4500000024" // 4 + 7 + 7 + 7 + 5 + 5 + 1 = 36
                        + "" + "5346415441 4c00".replace(" ", "") + "5646415441 4c00".replace(" ", "")
                        + "433038503031 00".replace(" ", "") + "4d62616400" + "48666978 00".replace(" ", "") + "00",
                error.toErrorResponse(ALLOC));
    }

    @Test
    void sslRequestAndCancelRequest() {
        assertBytes("0000000804d2162f", FrontendMessages.sslRequest(ALLOC));
        assertBytes("0000001004d2162e0000000700000009", FrontendMessages.cancelRequest(ALLOC, 7, 9));
    }

    @Test
    void startupMessage() {
        // len 4+4+"user\0"+"u\0"+"\0" = 16
        assertBytes("00000010" + "00030000" + "7573657200" + "7500" + "00",
                FrontendMessages.startupMessage(ALLOC, Map.of("user", "u")));
    }

    @Test
    void saslInitialResponse() {
        // 'p' len 4 + "M\0"(2) + int32 2 + "ab" = 12
        assertBytes("700000000c" + "4d00" + "00000002" + "6162",
                FrontendMessages.saslInitialResponse(ALLOC, "M", new byte[] {'a', 'b'}));
    }
}
