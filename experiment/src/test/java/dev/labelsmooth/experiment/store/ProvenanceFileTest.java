package dev.labelsmooth.experiment.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceFileTest {

    /** The committed Fashion-MNIST study, written by the first version of the tool (schema 1). */
    private static final Path STUDY = Path.of("..", "reports", "fashion-mnist-resnet20-v1");

    @TempDir Path dir;

    @Test
    void schemaOneFileOfTheCommittedStudyReadsWithItsRecipe() throws IOException {
        assertThat(Files.readString(STUDY.resolve("provenance.json")))
                .doesNotContain("schemaVersion");
        RunProvenance p = ProvenanceFile.read(STUDY.resolve("provenance.json"));
        assertThat(p.schemaVersion()).isEqualTo(RunProvenance.SCHEMA_VERSION);
        assertThat(p.config().recipe()).isEqualTo(TrainingRecipe.paper());
        assertThat(p.config().grid()).isEqualTo(SmoothingGrid.paper());
        assertThat(p.config().seeds()).isEqualTo(3);
        assertThat(p.datasets())
                .singleElement()
                .satisfies(d -> assertThat(d.trainSize()).isEqualTo(10_000));
        assertThat(p.runtime().djlVersion()).isEqualTo("0.33.0");
    }

    @Test
    void writtenFileReadsBackToTheSameRecord() throws IOException {
        RunProvenance p = ProvenanceFile.read(STUDY.resolve("provenance.json"));
        Path file = dir.resolve("provenance.json");
        ProvenanceFile.write(file, p);
        assertThat(Files.readString(file))
                .contains("\"schemaVersion\": " + RunProvenance.SCHEMA_VERSION, "\"recipe\"");
        assertThat(ProvenanceFile.read(file)).isEqualTo(p);
    }

    @Test
    void garbageAndNewerSchemasAreRefusedNamingTheFile() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{not json");
        assertThatThrownBy(() -> ProvenanceFile.read(garbage))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(garbage.toString())
                .hasMessageContaining("must be JSON written by labelsmooth");
        Path newer = Files.writeString(dir.resolve("newer.json"), "{\"schemaVersion\": 99}");
        assertThatThrownBy(() -> ProvenanceFile.read(newer))
                .hasMessageContaining(
                        "must have schema version "
                                + RunProvenance.SCHEMA_VERSION
                                + " or older, got 99");
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        assertThatThrownBy(() -> ProvenanceFile.read(array))
                .hasMessageContaining("must hold a JSON object");
    }
}
