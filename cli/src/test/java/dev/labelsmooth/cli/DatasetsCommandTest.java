package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetsCommandTest {

    @TempDir Path dataDir;

    @Test
    void listsEveryDataSetWithKAndWhatIsMissing() throws IOException {
        Path cifar = Files.createDirectories(dataDir.resolve("cifar100/cifar-100-binary"));
        Files.write(cifar.resolve("train.bin"), new byte[3074]);
        Files.write(cifar.resolve("test.bin"), new byte[3074]);
        StringWriter out = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("datasets", "--data-dir", dataDir.toString()))
                .isEqualTo(ExitCodes.OK);
        String text = out.toString();
        assertThat(text).contains("data directory: " + dataDir);
        assertThat(text).containsPattern("embedded +10  1x28x28 +present");
        assertThat(text).containsPattern("cifar100 +100  3x32x32 +present in .*cifar-100-binary");
        assertThat(text)
                .containsPattern(
                        "cifar10 +10  3x32x32 +missing; expected"
                                + " .*cifar-10-batches-bin/\\{data_batch_1.bin");
        assertThat(text)
                .containsPattern(
                        "decathlon/omniglot +1623  3x72x72 +missing; expected"
                                + " .*omniglot_\\{train,val}.json");
    }
}
