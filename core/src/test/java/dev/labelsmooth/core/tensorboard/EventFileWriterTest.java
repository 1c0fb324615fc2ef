package dev.labelsmooth.core.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the writer puts in a file, read back record by record and decoded by protoc (Debian's
 * protobuf-compiler) against a schema with TensorBoard's field numbers, so the encoding is checked
 * by an independent implementation of the wire format.
 */
class EventFileWriterTest {

    @TempDir Path tmp;

    /**
     * Skips where Debian's protobuf-compiler is not installed, unless {@code
     * LABELSMOOTH_REQUIRE_PROTOC=1} (as {@code .ci/run} sets it, after installing it).
     */
    private static void requireProtoc() {
        boolean present;
        try {
            present = new ProcessBuilder("protoc", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present && "1".equals(System.getenv("LABELSMOOTH_REQUIRE_PROTOC"))) {
            throw new AssertionError(
                    "protoc must be installed (apt-get install protobuf-compiler):"
                            + " LABELSMOOTH_REQUIRE_PROTOC=1");
        }
        Assumptions.assumeTrue(present, "protoc is not installed");
    }

    @Test
    void scalarsAndHParamsRecordsDecodeAsTensorBoardsMessages() throws Exception {
        requireProtoc();
        Path file;
        try (EventFileWriter w = new EventFileWriter(tmp.resolve("run"))) {
            file = w.file();
            w.scalar("train/loss", 1, 0.25, 100.0);
            w.experiment(
                    "study",
                    "gamma sweep",
                    List.of(
                            new Events.HParam("gamma", Events.HParamType.FLOAT64, "target mass"),
                            new Events.HParam("model", Events.HParamType.STRING, "")),
                    List.of(new Events.Metric("", "holdout/accuracy", "chosen on", true)));
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("gamma", 0.9);
            values.put("model", "resnet20-v1");
            values.put("augment", true);
            w.sessionStart(values, "gamma=0.9", 200.0);
            w.sessionEnd(Events.Status.SUCCESS, 300.0);
        }
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
        List<byte[]> records = TfRecord.readAll(file);
        assertThat(records).hasSize(5);
        assertThat(decode(records.get(0))).contains("file_version: \"brain.Event:2\"");
        assertThat(decode(records.get(1)))
                .isEqualTo(
                        """
                        wall_time: 100
                        step: 1
                        summary {
                          value {
                            tag: "train/loss"
                            simple_value: 0.25
                          }
                        }
                        """);
        String experiment = decode(records.get(2));
        assertThat(experiment)
                .contains("tag: \"_hparams_/experiment\"")
                .contains("plugin_name: \"hparams\"")
                .contains("name: \"study\"")
                .contains("description: \"gamma sweep\"")
                .contains("name: \"gamma\"")
                .contains("type: DATA_TYPE_FLOAT64")
                .contains("type: DATA_TYPE_STRING")
                .contains("tag: \"holdout/accuracy\"")
                .contains("dataset_type: DATASET_VALIDATION");
        String start = decode(records.get(3));
        assertThat(start)
                .contains("tag: \"_hparams_/session_start_info\"")
                .contains("key: \"gamma\"\n")
                .contains("number_value: 0.9")
                .contains("string_value: \"resnet20-v1\"")
                .contains("bool_value: true")
                .contains("group_name: \"gamma=0.9\"")
                .contains("start_time_secs: 200");
        assertThat(decode(records.get(4)))
                .contains("tag: \"_hparams_/session_end_info\"")
                .contains("status: STATUS_SUCCESS")
                .contains("end_time_secs: 300");
    }

    @Test
    void aFlippedByteIsCaughtByTheRecordsCrc() throws IOException {
        Path file;
        try (EventFileWriter w = new EventFileWriter(tmp)) {
            file = w.file();
            w.scalar("a", 1, 1.0);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> TfRecord.readAll(file))
                .hasMessageContaining("record 1 of " + file + ": payload CRC mismatch");
    }

    /** protoc --decode=check.Event with the test schema. */
    private static String decode(byte[] event) throws Exception {
        Path schema =
                Path.of(
                        EventFileWriterTest.class
                                .getResource("/tensorboard/event-subset.proto")
                                .toURI());
        Process p =
                new ProcessBuilder(
                                "protoc",
                                "--proto_path=" + schema.getParent(),
                                "--decode=check.Event",
                                schema.getFileName().toString())
                        .redirectErrorStream(true)
                        .start();
        p.getOutputStream().write(event);
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        return text;
    }
}
