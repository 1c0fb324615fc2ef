package dev.labelsmooth.core.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TfRecordTest {

    @Test
    void theMaskedCrcOfTheStandardCheckStringIsTheHandWorkedValue() {
        // CRC-32C("123456789") = 0xE3069283, the published check value of Castagnoli's CRC;
        // masked: ((0xE3069283 >>> 15) | (0xE3069283 << 17)) + 0xA282EAD8 mod 2^32 = 0xC78AB0E5.
        assertThat(TfRecord.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(0xC78AB0E5);
    }

    @Test
    void theFileVersionEventIsFramedAsAHandWorkedRecord() {
        // Event { wall_time (1, fixed64) = 1.0; file_version (3, string) = "brain.Event:2" }:
        // 09 | 00 00 00 00 00 00 f0 3f | 1a 0d | "brain.Event:2"
        byte[] payload = Events.fileVersion(1.0);
        assertThat(HexFormat.of().formatHex(payload))
                .isEqualTo("09000000000000f03f1a0d627261696e2e4576656e743a32");
        // length 24 as uint64 LE, its masked CRC-32C, the payload, the payload's masked CRC-32C
        // (both CRCs computed with a bitwise CRC-32C written separately, in Python).
        assertThat(HexFormat.of().formatHex(TfRecord.frame(payload)))
                .isEqualTo(
                        "1800000000000000"
                                + "a37f4b22"
                                + "09000000000000f03f1a0d627261696e2e4576656e743a32"
                                + "86bf577a");
    }

    @Test
    void aScalarIsAnEventWithStepAndOneSimpleValue() {
        // Event { wall_time = 2.0 (09 ..40); step = 3 (10 03);
        //   summary (2a 0d) { value (0a 0b) { tag (0a 04 "loss"); simple_value (15) 0.5f } } }
        assertThat(HexFormat.of().formatHex(Events.scalar(2.0, 3, "loss", 0.5f)))
                .isEqualTo(
                        "090000000000000040"
                                + "1003"
                                + "2a0d"
                                + "0a0b"
                                + "0a046c6f7373"
                                + "150000003f");
    }
}
