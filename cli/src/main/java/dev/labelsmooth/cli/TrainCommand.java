package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: one cell, i.e. a sweep of one data set, one model and one gamma. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train one cell: one data set, one model, one gamma (--gammas G or --epsilons E),"
                        + " at most one --penalties and --disturb value and no --mix, into a run"
                        + " directory like sweep's.")
final class TrainCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private SweepOptions options;

    @Override
    public Integer call() throws Exception {
        SweepConfig config = options.resolve(spec.commandLine());
        if (options.givenGrid() == null) {
            config = config.toBuilder().optGrid(SmoothingGrid.gammas(List.of(1.0))).build();
        }
        boolean oneGamma =
                config.grid().form() != SmoothingGrid.Form.PAPER
                        && config.grid().values().size() == 1;
        if (config.datasets().size() != 1
                || config.models().size() != 1
                || !oneGamma
                || config.penalties().size() != 1
                || config.disturb().size() != 1
                || !config.mixes().isEmpty()
                || config.seeds() != 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "train must get one data set, one model, one loss configuration and one seed,"
                            + " got --dataset "
                            + String.join(",", config.datasets())
                            + " --model "
                            + String.join(",", config.models())
                            + " "
                            + config.grid()
                            + (config.penalties().size() != 1
                                    ? " --penalties " + plain(config.penalties())
                                    : "")
                            + (config.disturb().size() != 1
                                    ? " --disturb " + plain(config.disturb())
                                    : "")
                            + (config.mixes().isEmpty() ? "" : " --mix " + config.mixes())
                            + " --seeds "
                            + config.seeds()
                            + "; use sweep for grids");
        }
        if (options.shard != null) {
            throw new ParameterException(
                    spec.commandLine(), "train must not get --shard, got --shard " + options.shard);
        }
        return SweepCommand.run(
                config, options, dev.labelsmooth.experiment.shard.Shard.whole(), spec);
    }

    private static String plain(List<java.math.BigDecimal> values) {
        return String.join(",", values.stream().map(java.math.BigDecimal::toPlainString).toList());
    }
}
