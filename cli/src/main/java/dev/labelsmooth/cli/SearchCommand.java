package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.Experiments;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code search}: successive halving over the sweep's loss configurations. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description =
                "Find the best loss configuration at a fraction of the grid's cost: successive"
                        + " halving. Rung 0 trains every configuration (all seeds) for --min-epochs"
                        + " epochs, ranks them by the mean over seeds of the best validation"
                        + " accuracy so far and keeps the best 1/eta; each later rung trains the"
                        + " survivors eta times as long, on the schedule of the full --epochs; the"
                        + " last trains them to --epochs. Same options and run directory as sweep;"
                        + " rerun with the same --out to resume.")
final class SearchCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private SweepOptions options;

    @Option(
            names = "--eta",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Each rung keeps the best 1/N of its configurations (default:"
                            + " ${DEFAULT-VALUE}).")
    private int eta;

    @Option(
            names = "--min-epochs",
            paramLabel = "E",
            defaultValue = "1",
            description = "Epochs of the first rung (default: ${DEFAULT-VALUE}).")
    private int minEpochs;

    @Option(
            names = "--no-baseline",
            description =
                    "Stop plain cross-entropy (gamma=1, beta=0, alpha=0) like any other"
                            + " configuration; by default it is trained to --epochs so the choice"
                            + " can be compared with it.")
    private boolean noBaseline;

    @Option(
            names = "--workers",
            paramLabel = "W",
            defaultValue = "1",
            description =
                    "Train each rung's cells in W shards side by side as W processes on this"
                            + " machine (each takes the same decisions from all shards' rows),"
                            + " then merge the report (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(
            names = "--shard-wait",
            paramLabel = "TIME",
            defaultValue = "24h",
            converter = Converters.Wait.class,
            description =
                    "How long a shard (--shard, --workers) waits for the other shards' cells of a"
                            + " rung before it gives up with exit code 1, e.g. 90s, 30m, 6h, 2d"
                            + " (default: ${DEFAULT-VALUE}); it logs what it waits for and since"
                            + " when.")
    private java.time.Duration shardWait;

    @Option(
            names = "--replay",
            paramLabel = "DIR",
            description =
                    "Train nothing: replay the search's decisions on the epochs.csv of a finished"
                            + " full sweep in DIR (its own epochs, seeds and grid) and print the"
                            + " rungs, the choice against the grid's best and the cost.")
    private java.nio.file.Path replay;

    @Override
    public Integer call() throws Exception {
        if (replay != null) {
            SearchSettings settings;
            try {
                settings = new SearchSettings(eta, minEpochs, !noBaseline);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), OptionNames.translate(e.getMessage()), e);
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            try {
                for (var r : Experiments.replay(replay, settings)) {
                    out.println(r.markdown());
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), OptionNames.translate(e.getMessage()), e);
            }
            out.flush();
            return ExitCodes.OK;
        }
        SweepConfig config = options.resolve(spec.commandLine());
        SweepConfig search;
        try {
            search =
                    config.toBuilder()
                            .optSearch(new SearchSettings(eta, minEpochs, !noBaseline))
                            .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), OptionNames.translate(e.getMessage()), e);
        }
        java.util.OptionalInt workersEnded =
                LocalWorkers.startIfAsked(spec, options, search, workers);
        if (workersEnded.isPresent()) {
            return workersEnded.getAsInt();
        }
        return SweepCommand.run(
                options.requestBuilder(
                                search, options.resolveShard(spec.commandLine(), System.getenv()))
                        .optShardWaitLimit(shardWait)
                        .build(),
                spec);
    }
}
