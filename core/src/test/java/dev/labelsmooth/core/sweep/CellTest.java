package dev.labelsmooth.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CellTest {

    @Test
    void seedsAreSharedAcrossGammasAndDifferAcrossSeedIndices() {
        Cell a = new Cell("embedded", 10, "resnet20-v1", 1.0, 1);
        Cell b = new Cell("embedded", 10, "resnet20-v1", 0.7, 1);
        Cell c = new Cell("embedded", 10, "resnet20-v1", 1.0, 2);
        assertThat(a.seeds()).isEqualTo(b.seeds());
        assertThat(a.seeds()).isNotEqualTo(c.seeds());
        assertThat(a.seeds().init()).isNotEqualTo((int) a.seeds().data());
    }

    @Test
    void idIsAFileNameAndEpsilonFollowsK() {
        Cell cell = new Cell("decathlon/dtd", 47, "resnet83-v2", 0.9, 3);
        assertThat(cell.id()).isEqualTo("decathlon-dtd__resnet83-v2__g0.9__s3");
        assertThat(cell.epsilon()).isCloseTo(0.1 * 47 / 46, within(1e-12));
    }
}
