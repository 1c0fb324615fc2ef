package dev.labelsmooth.core.tensorboard;

import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A DJL {@code TrainingListener} that writes TensorBoard event files: after every epoch, each
 * evaluator's training value as {@code train/<name>} and its validation value as {@code
 * validate/<name>} (the loss is an evaluator too), plus any scalar the caller adds, at step = the
 * epoch (1, 2, ...). With hyperparameters it also writes the HParams plugin's session records, so
 * TensorBoard's HParams dashboard can compare runs; the caller writes the experiment record once
 * with {@link EventFileWriter#experiment}.
 *
 * <pre>{@code
 * DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
 *         .addEvaluator(new Accuracy())
 *         .addTrainingListeners(TrainingListener.Defaults.basic())   // evaluators first
 *         .addTrainingListeners(TensorBoardListener.builder(Path.of("runs/tb"))
 *                 .optRunName("gamma-0.9-seed-1")
 *                 .optHParams(Map.of("gamma", 0.9), "gamma-0.9")
 *                 .build());
 * }</pre>
 *
 * <p>Add it after DJL's evaluator listener ({@code TrainingListener.Defaults} sets include it):
 * that listener records the epoch's training values when the epoch ends. A validation value is
 * written only for epochs that validated.
 */
public final class TensorBoardListener extends TrainingListenerAdapter {

    private final Path runDirectory;
    private final Map<String, Object> hparams;
    private final String group;
    private final Map<String, ToDoubleFunction<Trainer>> scalars;
    private final Map<String, Integer> seen = new HashMap<>();
    private EventFileWriter writer;
    private int epoch;

    private TensorBoardListener(Builder b) {
        this.runDirectory = b.runName == null ? b.logDir : b.logDir.resolve(b.runName);
        this.hparams = b.hparams;
        this.group = b.group;
        this.scalars = b.scalars;
    }

    /** A listener writing under {@code logDir} (TensorBoard's {@code --logdir}). */
    public static Builder builder(Path logDir) {
        return new Builder(logDir);
    }

    /** The folder the event file is in (the TensorBoard run). */
    public Path runDirectory() {
        return runDirectory;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        if (trainer.getMetrics() == null) {
            trainer.setMetrics(new Metrics());
        }
        try {
            writer = new EventFileWriter(runDirectory);
            if (hparams != null) {
                writer.sessionStart(hparams, group, EventFileWriter.now());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        Metrics metrics = trainer.getMetrics();
        try {
            for (Evaluator evaluator : trainer.getEvaluators()) {
                for (String stage :
                        List.of(
                                EvaluatorTrainingListener.TRAIN_EPOCH,
                                EvaluatorTrainingListener.VALIDATE_EPOCH)) {
                    String name = EvaluatorTrainingListener.metricName(evaluator, stage);
                    Double value = fresh(metrics, name);
                    if (value != null) {
                        String prefix =
                                stage.equals(EvaluatorTrainingListener.TRAIN_EPOCH)
                                        ? "train/"
                                        : "validate/";
                        writer.scalar(prefix + evaluator.getName(), epoch, value);
                    }
                }
            }
            for (Map.Entry<String, ToDoubleFunction<Trainer>> s : scalars.entrySet()) {
                writer.scalar(s.getKey(), epoch, s.getValue().applyAsDouble(trainer));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest value of a metric recorded since the previous epoch, or null. */
    private Double fresh(Metrics metrics, String name) {
        if (metrics == null || !metrics.hasMetric(name)) {
            return null;
        }
        List<Metric> all = metrics.getMetric(name);
        Integer before = seen.put(name, all.size());
        if (before != null && before == all.size()) {
            return null;
        }
        return all.get(all.size() - 1).getValue().doubleValue();
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        try {
            if (hparams != null) {
                writer.sessionEnd(Events.Status.SUCCESS, EventFileWriter.now());
            }
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a {@link TensorBoardListener}. */
    public static final class Builder {

        private final Path logDir;
        private String runName;
        private Map<String, Object> hparams;
        private String group = "";
        private final Map<String, ToDoubleFunction<Trainer>> scalars = new LinkedHashMap<>();

        private Builder(Path logDir) {
            this.logDir = logDir;
        }

        /** The run's folder under the log directory (default: the log directory itself). */
        public Builder optRunName(String runName) {
            this.runName = runName;
            return this;
        }

        /**
         * Hyperparameter values (String, Boolean or Number) and the group of runs that share them
         * (e.g. the configuration without the seed); written as the HParams session records.
         */
        public Builder optHParams(Map<String, Object> hparams, String group) {
            this.hparams = new LinkedHashMap<>(hparams);
            this.group = group;
            return this;
        }

        /** One more scalar written after every epoch, e.g. the learning rate. */
        public Builder addScalar(String tag, ToDoubleFunction<Trainer> value) {
            scalars.put(tag, value);
            return this;
        }

        public TensorBoardListener build() {
            return new TensorBoardListener(this);
        }
    }
}
