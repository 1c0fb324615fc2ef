package dev.labelsmooth.experiment.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.labelsmooth.core.loss.Smoothing;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CellTest {

    @Test
    void seedsAreSharedAcrossGammasAndDifferAcrossSeedIndices() {
        Cell a = new Cell("embedded", "resnet20-v1", Smoothing.ofGamma(1.0, 10), 1);
        Cell b = new Cell("embedded", "resnet20-v1", Smoothing.ofGamma(0.7, 10), 1);
        Cell c = new Cell("embedded", "resnet20-v1", Smoothing.ofGamma(1.0, 10), 2);
        assertThat(a.seeds()).isEqualTo(b.seeds());
        assertThat(a.seeds()).isNotEqualTo(c.seeds());
        assertThat(a.seeds().init()).isNotEqualTo((int) a.seeds().data());
    }

    @Test
    void cellsWithEqualGammasAreOneCellWhateverTheSpelling() {
        Cell typed =
                new Cell("mnist", "resnet20-v1", Smoothing.ofGamma(new BigDecimal("0.82"), 10), 1);
        Cell fromEpsilon =
                new Cell("mnist", "resnet20-v1", Smoothing.ofEpsilon(new BigDecimal("0.2"), 10), 1);
        Cell trailingZero =
                new Cell("mnist", "resnet20-v1", Smoothing.ofGamma(new BigDecimal("0.820"), 10), 1);
        assertThat(typed).isEqualTo(fromEpsilon).isEqualTo(trailingZero);
        assertThat(typed.hashCode()).isEqualTo(trailingZero.hashCode());
        assertThat(typed.id()).isEqualTo(fromEpsilon.id());
    }

    @Test
    void idIsAFileNameAndEpsilonFollowsK() {
        Cell cell = new Cell("decathlon/dtd", "resnet83-v2", Smoothing.ofGamma(0.9, 47), 3);
        assertThat(cell.id()).isEqualTo("decathlon-dtd__resnet83-v2__g0.9__s3");
        assertThat(cell.smoothing().epsilon()).isCloseTo(0.1 * 47 / 46, within(1e-12));
    }
}
