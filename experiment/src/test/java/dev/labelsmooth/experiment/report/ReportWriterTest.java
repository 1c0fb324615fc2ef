package dev.labelsmooth.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.GroupKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's tables as values, checked against numbers worked out by hand. */
class ReportWriterTest {

    @TempDir Path tmp;

    @Test
    void tablesAreReturnedAsValuesWithTheirClosedFormStatistics() throws IOException {
        Path results = tmp.resolve("results.csv");
        Files.writeString(
                results,
                """
                dataset,model,gamma,seed,best_val_acc,status
                mnist,resnet20-v1,1.0,1,80.0,done
                mnist,resnet20-v1,1.0,2,82.0,done
                mnist,resnet20-v1,1.0,3,84.0,done
                mnist,resnet20-v1,0.9,1,83.0,done
                mnist,resnet20-v1,0.9,2,85.0,done
                mnist,resnet20-v1,0.9,3,87.0,done
                mnist,resnet20-v1,0.7,1,,failed
                """);
        Report report = ReportWriter.write(results, tmp.resolve("out"));

        assertThat(report.results()).hasSize(7);
        // Table 3: best gamma 0.9 at 85 against 82 at gamma = 1; diff_pct = 3 / 85 * 100.
        assertThat(report.table3())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.dataset()).isEqualTo("mnist");
                            assertThat(c.bestGamma()).isEqualTo(0.9);
                            assertThat(c.bestValAcc()).isEqualTo(85.0);
                            assertThat(c.valAccGamma1()).isEqualTo(82.0);
                            assertThat(c.diffPct()).isCloseTo(300.0 / 85, within(1e-12));
                            assertThat(c.seeds()).isEqualTo(3);
                        });
        List<ConfigStats> configs =
                report.configurations().get(new GroupKey("mnist", "resnet20-v1"));
        assertThat(configs)
                .extracting(ConfigStats::family)
                .containsExactly(Family.CROSS_ENTROPY, Family.SMOOTHING);
        // Sample standard deviation of (80, 82, 84) and of (83, 85, 87): 2.
        assertThat(configs.get(0).mean()).isEqualTo(82.0);
        assertThat(configs.get(0).std()).isCloseTo(2.0, within(1e-12));
        assertThat(configs.get(1).mean()).isEqualTo(85.0);
        assertThat(configs.get(1).seeds()).isEqualTo(3);
        assertThat(configs.get(1).strength()).isCloseTo(0.1, within(1e-12));
        // The same numbers as summary.csv holds.
        assertThat(Files.readAllLines(tmp.resolve("out").resolve("summary.csv")).get(1))
                .startsWith("mnist,resnet20-v1,0.9,85.0,82.0,");
    }

    @Test
    void withAHoldoutTheBestIsChosenOnItAndTheTestAccuracyAtTheSelectedEpochIsCompared()
            throws IOException {
        Path results = tmp.resolve("results.csv");
        // The holdout prefers gamma = 1; the test split (and the paper's figure) gamma = 0.9.
        Files.writeString(
                results,
                """
                dataset,model,gamma,seed,best_val_acc,status,holdout_acc,test_acc
                mnist,resnet20-v1,1.0,1,90.0,done,85.0,89.0
                mnist,resnet20-v1,1.0,2,91.0,done,86.0,90.0
                mnist,resnet20-v1,0.9,1,92.0,done,84.0,91.0
                mnist,resnet20-v1,0.9,2,93.0,done,85.0,92.0
                """);
        Report report = ReportWriter.write(results, tmp.resolve("out"));
        List<ConfigStats> configs =
                report.configurations().get(new GroupKey("mnist", "resnet20-v1"));
        assertThat(configs).allMatch(ConfigStats::hasHoldout);
        assertThat(configs.get(0).mean()).isEqualTo(89.5);
        assertThat(configs.get(0).paperMean()).isEqualTo(90.5);
        assertThat(configs.get(0).holdoutMean()).isEqualTo(85.5);
        assertThat(Statistics.best(configs).isCrossEntropy()).isTrue();
        assertThat(report.table3())
                .singleElement()
                .satisfies(t -> assertThat(t.bestGamma()).isEqualTo(1.0));
        // Compared on the test accuracy at the selected epoch: +2 per seed.
        assertThat(report.againstCrossEntropy().get(new GroupKey("mnist", "resnet20-v1")))
                .singleElement()
                .satisfies(c -> assertThat(c.meanDifference()).isEqualTo(2.0));
        String md = Files.readString(tmp.resolve("out").resolve("report.md"));
        assertThat(md)
                .contains(
                        "chosen on its holdout",
                        "| holdout accuracy (%), which chooses | 84.50 ± 0.71 | 85.50 ± 0.71 |",
                        "| best test accuracy over the epochs (%), the paper's figure | 92.50 ±"
                                + " 0.71 | 90.50 ± 0.71 |");
    }

    @Test
    void everyConfigurationGetsAReliabilityPanelOnOneImageWithItsEceInTheTitle() throws Exception {
        Path results = tmp.resolve("results.csv");
        Files.writeString(
                results,
                """
                dataset,model,gamma,seed,best_val_acc,status,best_val_ece
                mnist,resnet20-v1,1.0,1,80.0,done,0.05
                mnist,resnet20-v1,0.9,1,81.0,done,0.02
                mnist,resnet20-v1,0.8,1,79.0,done,0.04
                mnist,resnet20-v1,0.7,1,78.0,done,0.08
                mnist,resnet20-v1,0.6,1,77.0,done,0.10
                """);
        StringBuilder bins =
                new StringBuilder(
                        "dataset,model,gamma,beta,alpha,seed,bin_lower,bin_upper,count,confidence,"
                                + "accuracy\n");
        for (String gamma : List.of("1.0", "0.9", "0.8", "0.7", "0.6")) {
            bins.append("mnist,resnet20-v1,")
                    .append(gamma)
                    .append(",0,0,1,0.5,0.6,10,0.55,0.5\n")
                    .append("mnist,resnet20-v1,")
                    .append(gamma)
                    .append(",0,0,1,0.9,1.0,90,0.95,0.9\n");
        }
        Files.writeString(tmp.resolve("calibration.csv"), bins);
        ReportWriter.write(results, tmp.resolve("out"));

        Path out = tmp.resolve("out");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("### Reliability of every configuration", "reliability-all-mnist");
        // Five panels, four to a row: two rows of 340-pixel panels.
        java.awt.image.BufferedImage png =
                javax.imageio.ImageIO.read(
                        out.resolve("reliability-all-mnist-resnet20-v1.png").toFile());
        assertThat(png.getWidth()).isEqualTo(4 * 340);
        assertThat(png.getHeight()).isEqualTo(2 * 340);
        String svg = Files.readString(out.resolve("reliability-all-mnist-resnet20-v1.svg"));
        assertThat(svg.split("<svg ", -1)).hasSize(1 + 1 + 5);
        assertThat(svg).contains("x=\"1020px\" y=\"0px\"", "x=\"0px\" y=\"340px\"");
        // SVG text is drawn as paths; the titles' text is checked where it is made.
        assertThat(Plots.eceTitle(new Plots.ReliabilityPanel("γ=1", List.of(), 0.05, 0.0125)))
                .isEqualTo("ECE 0.050, 0.013 after TS");
        // A long configuration's title gets a smaller font, so that it fits its panel.
        String longTitle = "gamma=0.9 beta=0.5 alpha=0.1: ECE 0.264, 0.025 after TS";
        java.awt.Font font = Plots.titleFont(longTitle);
        assertThat(font.getSize()).isLessThan(12);
        java.awt.Graphics2D g =
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                        .createGraphics();
        assertThat(g.getFontMetrics(font).stringWidth(longTitle))
                .isLessThanOrEqualTo(Plots.TITLE_WIDTH);
        assertThat(Plots.titleFont("gamma=1: ECE 0.077").getSize()).isEqualTo(12);
        assertThat(Plots.eceTitle(new Plots.ReliabilityPanel("γ=1", List.of(), 0.1, Double.NaN)))
                .isEqualTo("ECE 0.100");
        // A well-formed document: the nested charts parse as one XML tree.
        assertThat(
                        javax.xml.parsers.DocumentBuilderFactory.newInstance()
                                .newDocumentBuilder()
                                .parse(
                                        out.resolve("reliability-all-mnist-resnet20-v1.svg")
                                                .toFile())
                                .getDocumentElement()
                                .getElementsByTagName("svg")
                                .getLength())
                .isEqualTo(5);
    }

    @Test
    void anOutputThatIsAFileOrHoldsAnotherRunIsRefusedAndLeftAsItWas() throws IOException {
        Path results = tmp.resolve("results.csv");
        Files.writeString(
                results, "dataset,model,gamma,seed,best_val_acc,status\nmnist,m,1.0,1,80.0,done\n");
        Path file = Files.writeString(tmp.resolve("a-file"), "keep");
        assertThatThrownBy(() -> ReportWriter.write(List.of(tmp), file))
                .isInstanceOf(dev.labelsmooth.core.UsageException.class)
                .hasMessage("'out' must be a directory for the report, got the file " + file);
        assertThat(Files.readString(file)).isEqualTo("keep");
        Path other = Files.createDirectories(tmp.resolve("other-run"));
        Files.writeString(other.resolve("provenance.json"), "{}");
        Files.writeString(other.resolve("results.csv"), "theirs");
        assertThatThrownBy(() -> ReportWriter.write(List.of(tmp), other))
                .hasMessageStartingWith("'out' must not hold another run, got " + other);
        assertThat(Files.readString(other.resolve("results.csv"))).isEqualTo("theirs");
    }
}
