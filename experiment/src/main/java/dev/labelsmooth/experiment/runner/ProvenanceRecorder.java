package dev.labelsmooth.experiment.runner;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.core.provenance.RuntimeInfo;
import dev.labelsmooth.core.training.Checkpoint;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.experiment.device.Natives;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.models.ModelName;
import dev.labelsmooth.models.ModelSummary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code provenance.json}: at the start of a session (runtime, devices, configuration, every
 * data set's files and split sizes, parameter counts, every cell's seeds) and again with the end
 * time. Records of data sets that a resumed session does not load again are kept from the earlier
 * session.
 */
final class ProvenanceRecorder {

    private final RunDirectory dir;
    private RunProvenance provenance;

    ProvenanceRecorder(RunDirectory dir) {
        this.dir = dir;
    }

    /** Records the session's start. */
    void start(
            SweepPlan plan,
            Map<String, DataSplits> loaded,
            Map<String, RunProvenance.DatasetRecord> records,
            Optional<RunProvenance> previous)
            throws IOException {
        List<RunProvenance.CellRecord> cells = new ArrayList<>();
        for (Cell c : plan.cells()) {
            Cell.CellSeeds s = c.seeds();
            cells.add(new RunProvenance.CellRecord(c.id(), c.seed(), s.init(), s.data()));
        }
        List<RunProvenance.DatasetRecord> datasets = new ArrayList<>();
        List<RunProvenance.ModelRecord> models = new ArrayList<>();
        for (DataSource source : plan.sources().values()) {
            DataSplits splits = loaded.get(source.name());
            if (splits == null) {
                previous.flatMap(p -> earlier(p.datasets(), source.name()))
                        .ifPresent(datasets::add);
                continue;
            }
            datasets.add(records.get(source.name()));
            for (ModelName model : plan.models().values()) {
                models.add(modelRecord(model, source.name(), splits.train()));
            }
        }
        previous.ifPresent(
                p -> p.models().stream().filter(m -> !recorded(models, m)).forEach(models::add));
        String started = previous.map(RunProvenance::started).orElse(Instant.now().toString());
        provenance =
                new RunProvenance(
                        RuntimeInfo.detect(),
                        List.of(plan.device().toString()),
                        plan.config(),
                        datasets,
                        models,
                        cells,
                        started,
                        null,
                        nativesRecord(plan.natives()),
                        Checkpoint.holdsAdamMoments());
        dir.writeProvenance(provenance);
    }

    private static RunProvenance.NativesRecord nativesRecord(Natives n) {
        return new RunProvenance.NativesRecord(
                n.flavour(),
                n.path(),
                n.source(),
                n.gpuCount(),
                n.cuda(),
                n.cudnn(),
                n.gpus(),
                System.getenv("CUDA_VISIBLE_DEVICES"));
    }

    /** Records the session's end. */
    void finish() throws IOException {
        provenance = provenance.finishedAt(Instant.now().toString());
        dir.writeProvenance(provenance);
    }

    private static boolean recorded(
            List<RunProvenance.ModelRecord> models, RunProvenance.ModelRecord m) {
        return models.stream()
                .anyMatch(r -> r.name().equals(m.name()) && r.dataset().equals(m.dataset()));
    }

    private static Optional<RunProvenance.DatasetRecord> earlier(
            List<RunProvenance.DatasetRecord> records, String name) {
        return records.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The record of a loaded data set: file hashes, split sizes, the mean image's hash. */
    static RunProvenance.DatasetRecord datasetRecord(
            SweepPlan plan, DataSource source, DataSplits splits) throws IOException {
        List<FileDigest> files = source.digests(plan.dataDir());
        String meanSha = null;
        if (splits.mean() != null) {
            ByteBuffer bytes =
                    ByteBuffer.allocate(splits.mean().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : splits.mean()) {
                bytes.putFloat(v);
            }
            meanSha = FileDigest.sha256Hex(bytes.array());
        }
        LabeledImages t = splits.train();
        return new RunProvenance.DatasetRecord(
                source.name(),
                source.numClasses(),
                t.channels() + "x" + t.height() + "x" + t.width(),
                t.size(),
                splits.validation().size(),
                plan.config().limitTrain(),
                plan.config().limitVal(),
                plan.config().dataSeed(),
                meanSha,
                files,
                splits.holdout() == null ? 0 : splits.holdout().size());
    }

    private static RunProvenance.ModelRecord modelRecord(
            ModelName model, String dataset, LabeledImages train) {
        Shape image = new Shape(train.channels(), train.height(), train.width());
        Block block = model.build(train.numClasses(), image, TrainingRecipe.KERAS_BN_MOMENTUM);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ModelSummary summary = ModelSummary.of(block, new Shape(1).addAll(image), manager);
            return new RunProvenance.ModelRecord(
                    model.toString(),
                    dataset,
                    model.family(),
                    model.depth(),
                    summary.totalParameters(),
                    summary.trainableParameters());
        }
    }
}
