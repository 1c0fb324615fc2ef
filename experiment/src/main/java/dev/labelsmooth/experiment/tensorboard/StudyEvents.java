package dev.labelsmooth.experiment.tensorboard;

import dev.labelsmooth.core.tensorboard.EventFileWriter;
import dev.labelsmooth.core.tensorboard.Events;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.EpochPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How a study maps onto TensorBoard: run names, hyperparameters, scalar tags, the experiment
 * record. Shared by the live recorder and the export, so both write the same files.
 */
public final class StudyEvents {

    /** The scalars of one epoch, by tag; the step is the epoch. */
    public static final List<String> TAGS =
            List.of(
                    "train/loss",
                    "train/accuracy",
                    "validation/loss",
                    "validation/accuracy",
                    "validation/nll",
                    "validation/ece",
                    "holdout/loss",
                    "holdout/accuracy",
                    "learning_rate",
                    "epoch_seconds");

    private StudyEvents() {}

    /** The run folder of a cell, relative to the log directory. */
    public static Path runOf(CellKey key) {
        return Path.of(
                safe(key.dataset()),
                safe(key.model()),
                safe(key.configLabel().replace(' ', '_')),
                "seed-" + key.seed());
    }

    /** The session group of a cell: its configuration without the seed. */
    public static String groupOf(CellKey key) {
        return key.dataset() + " " + key.model() + " " + key.configLabel();
    }

    /** The hyperparameters recorded for a cell. */
    public static Map<String, Object> hparamsOf(CellKey key) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("dataset", key.dataset());
        values.put("model", key.model());
        values.put("gamma", key.gamma().doubleValue());
        values.put("beta", key.beta().doubleValue());
        values.put("alpha", key.alpha().doubleValue());
        values.put("seed", key.seed());
        return values;
    }

    /** Writes one epoch's scalars; holdout scalars only where the run has a holdout. */
    static void epoch(EventFileWriter w, EpochPoint row, double wallTime) throws IOException {
        int step = row.epoch();
        double[] values = {
            row.trainLoss(),
            row.trainAcc(),
            row.valLoss(),
            row.valAcc(),
            row.valNll(),
            row.valEce(),
            row.holdoutLoss(),
            row.holdoutAcc(),
            row.learningRate(),
            row.seconds()
        };
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                w.scalar(TAGS.get(i), step, values[i], wallTime);
            }
        }
    }

    /**
     * Writes the HParams experiment record into the log directory's root run, unless an event file
     * is there already.
     */
    static void experiment(Path logDir, String name) throws IOException {
        Files.createDirectories(logDir);
        try (Stream<Path> files = Files.list(logDir)) {
            if (files.anyMatch(p -> p.getFileName().toString().startsWith("events.out."))) {
                return;
            }
        }
        try (EventFileWriter w = new EventFileWriter(logDir)) {
            w.experiment(
                    name,
                    "labelsmooth study: one session per cell, its configuration (without the"
                            + " seed) as the session group",
                    List.of(
                            new Events.HParam("dataset", Events.HParamType.STRING, "data set"),
                            new Events.HParam("model", Events.HParamType.STRING, "model"),
                            new Events.HParam(
                                    "gamma",
                                    Events.HParamType.FLOAT64,
                                    "probability on the true class"),
                            new Events.HParam(
                                    "beta", Events.HParamType.FLOAT64, "confidence penalty"),
                            new Events.HParam(
                                    "alpha", Events.HParamType.FLOAT64, "DisturbLabel rate"),
                            new Events.HParam("seed", Events.HParamType.FLOAT64, "seed index")),
                    List.of(
                            new Events.Metric(
                                    "",
                                    "holdout/accuracy",
                                    "accuracy on the held-out images",
                                    true),
                            new Events.Metric(
                                    "", "validation/accuracy", "accuracy on the test split", true),
                            new Events.Metric("", "validation/ece", "calibration error", true),
                            new Events.Metric("", "train/loss", "training loss", false)));
        }
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._=+-]+", "_");
    }
}
