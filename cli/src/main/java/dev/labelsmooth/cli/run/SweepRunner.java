package dev.labelsmooth.cli.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import dev.labelsmooth.cli.report.ReportWriter;
import dev.labelsmooth.cli.report.ResultRow;
import dev.labelsmooth.core.loss.LabelSmoothingLoss;
import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.core.provenance.RunProvenance;
import dev.labelsmooth.core.provenance.RuntimeInfo;
import dev.labelsmooth.core.sweep.Cell;
import dev.labelsmooth.core.sweep.CellResult;
import dev.labelsmooth.core.sweep.EpochRecord;
import dev.labelsmooth.core.sweep.SweepConfig;
import dev.labelsmooth.core.training.TrainingLoop;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.datasets.ImageClassificationDataset;
import dev.labelsmooth.datasets.LabeledImages;
import dev.labelsmooth.datasets.augment.AugmentSpec;
import dev.labelsmooth.models.ModelName;
import dev.labelsmooth.models.ModelSummary;
import dev.labelsmooth.models.resnet.KerasRegularization;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep: validates the whole grid and the data files before training anything, trains every
 * unfinished cell into the run directory, and renders the report. Rerunning with the same directory
 * and configuration resumes: finished cells are kept and an interrupted cell continues from its
 * last epoch checkpoint.
 */
public final class SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private final SweepConfig config;
    private final Path dataDir;
    private final RunDirectory dir;
    private final boolean force;
    private final EpochProgress progress;

    /**
     * @param config the resolved configuration
     * @param dataDir root of the data sets
     * @param out the run directory
     * @param force start over when {@code out} holds a different sweep
     */
    public SweepRunner(SweepConfig config, Path dataDir, Path out, boolean force) {
        this.config = config;
        this.dataDir = dataDir;
        this.dir = new RunDirectory(out);
        this.force = force;
        this.progress = EpochProgress.forConsole();
    }

    /**
     * What a sweep did.
     *
     * @param directory the run directory
     * @param results every cell's result, earlier sessions' included
     * @param trainedNow cells trained (or resumed) in this session
     */
    public record Outcome(RunDirectory directory, List<ResultRow> results, int trainedNow) {}

    /**
     * Runs the sweep.
     *
     * @throws IllegalArgumentException for a bad value in the grid or a different earlier sweep
     * @throws dev.labelsmooth.datasets.DataFileException for a missing or malformed data file
     */
    public Outcome run() throws IOException {
        Map<String, DataSource> sources = new LinkedHashMap<>();
        for (String name : config.datasets()) {
            sources.put(name, DatasetCatalog.of(name, config.imageSize()));
        }
        Map<String, ModelName> models = new LinkedHashMap<>();
        for (String name : config.models()) {
            models.put(name, ModelName.parse(name));
        }
        List<Cell> cells = config.cells(name -> sources.get(name).numClasses());
        for (DataSource source : sources.values()) {
            source.requireFiles(dataDir);
        }
        Device[] devices =
                DeviceSelection.select(
                        config.device(), config.gpus(), Engine.getInstance().getGpuCount());

        RunProvenance previous = null;
        if (dir.hasRun()) {
            previous = dir.readProvenance();
            if (previous == null || !previous.config().sameExperiment(config)) {
                if (!force) {
                    throw new IllegalArgumentException(
                            "run directory "
                                    + dir.root()
                                    + " must hold the same sweep to resume, got "
                                    + (previous == null
                                            ? "no readable provenance.json"
                                            : "a different configuration ("
                                                    + ConfigDiff.describe(previous.config(), config)
                                                    + ")")
                                    + "; use --force to start over or --out for a new directory");
                }
                LOG.warn("--force: discarding the earlier sweep in {}", dir.root());
                dir.clear();
                previous = null;
            }
        }
        java.nio.file.Files.createDirectories(dir.root());
        try (RunLog ignored = RunLog.attach(dir.log())) {
            return train(sources, models, cells, devices, previous);
        }
    }

    private Outcome train(
            Map<String, DataSource> sources,
            Map<String, ModelName> models,
            List<Cell> cells,
            Device[] devices,
            RunProvenance previous)
            throws IOException {
        Set<String> finished = new HashSet<>(dir.finishedCellKeys());
        List<Cell> todo =
                cells.stream().filter(c -> !finished.contains(RunDirectory.key(c))).toList();
        LOG.info(
                "sweep into {}: {} cells, {} finished earlier, {} to train on {}",
                dir.root(),
                cells.size(),
                cells.size() - todo.size(),
                todo.size(),
                Arrays.toString(devices));
        LOG.debug("config: {}", config);

        List<RunProvenance.CellRecord> cellRecords = new ArrayList<>();
        for (Cell c : cells) {
            Cell.CellSeeds s = c.seeds();
            cellRecords.add(new RunProvenance.CellRecord(c.id(), c.seed(), s.init(), s.data()));
        }
        List<RunProvenance.DatasetRecord> datasetRecords = new ArrayList<>();
        List<RunProvenance.ModelRecord> modelRecords = new ArrayList<>();
        Map<String, DataSplits> loaded = new LinkedHashMap<>();
        for (DataSource source : sources.values()) {
            boolean needed = todo.stream().anyMatch(c -> c.dataset().equals(source.name()));
            RunProvenance.DatasetRecord earlier =
                    previous == null
                            ? null
                            : previous.datasets().stream()
                                    .filter(d -> d.name().equals(source.name()))
                                    .findFirst()
                                    .orElse(null);
            if (!needed && earlier != null) {
                datasetRecords.add(earlier);
                continue;
            }
            LOG.info(
                    "loading {} from {}",
                    source.name(),
                    source.files(dataDir).isEmpty()
                            ? "the jar"
                            : source.files(dataDir).get(0).getParent());
            DataSplits splits =
                    DataSplits.load(
                            source,
                            dataDir,
                            config.limitTrain(),
                            config.limitVal(),
                            config.dataSeed());
            loaded.put(source.name(), splits);
            datasetRecords.add(datasetRecord(source, splits));
            for (ModelName model : models.values()) {
                modelRecords.add(modelRecord(model, source.name(), splits.train()));
            }
        }
        if (previous != null) {
            previous.models().stream()
                    .filter(
                            m ->
                                    modelRecords.stream()
                                            .noneMatch(
                                                    r ->
                                                            r.name().equals(m.name())
                                                                    && r.dataset()
                                                                            .equals(m.dataset())))
                    .forEach(modelRecords::add);
        }
        String started = previous != null ? previous.started() : Instant.now().toString();
        RunProvenance provenance =
                new RunProvenance(
                        RuntimeInfo.detect(),
                        Arrays.stream(devices).map(Device::toString).toList(),
                        config,
                        datasetRecords,
                        modelRecords,
                        cellRecords,
                        started,
                        null);
        dir.writeProvenance(provenance);

        int index = cells.size() - todo.size();
        for (Cell cell : todo) {
            index++;
            trainCell(
                    cell,
                    index,
                    cells.size(),
                    loaded.get(cell.dataset()),
                    models.get(cell.model()),
                    devices);
        }
        dir.writeProvenance(provenance.finishedAt(Instant.now().toString()));
        dir.removeEmptyCheckpointsDirectory();
        List<ResultRow> results = ReportWriter.write(dir.root(), dir.root());
        LOG.info("report: {}", dir.root().resolve("report.md"));
        return new Outcome(dir, results, todo.size());
    }

    private void trainCell(
            Cell cell, int index, int total, DataSplits data, ModelName modelName, Device[] devices)
            throws IOException {
        String label =
                String.format(
                        Locale.ROOT,
                        "[%d/%d] %s %s gamma=%s seed=%d",
                        index,
                        total,
                        cell.dataset(),
                        cell.model(),
                        dev.labelsmooth.core.Checks.format(cell.gamma()),
                        cell.seed());
        Cell.CellSeeds seeds = cell.seeds();
        int batchSize = config.batchSizeFor(cell.dataset());
        Block block =
                modelName
                        .builder()
                        .setNumClasses(cell.numClasses())
                        .optBatchNormMomentum(config.bnMomentum())
                        .build();
        ImageClassificationDataset trainSet =
                data.trainingSet(
                        batchSize, config.augment() ? AugmentSpec.PAPER : null, seeds.data());
        ImageClassificationDataset valSet = data.validationSet(batchSize);
        LabeledImages train = data.train();
        TrainingLoop loop =
                TrainingLoop.builder()
                        .setBlock(block)
                        .setLoss(
                                LabelSmoothingLoss.builder()
                                        .optGamma(cell.gamma())
                                        .optNumClasses(cell.numClasses())
                                        .build())
                        .setOptimizer(
                                (rate, begin) ->
                                        KerasRegularization.withKernelL2(
                                                block,
                                                wd ->
                                                        Optimizer.adam()
                                                                .optLearningRateTracker(rate)
                                                                .optEpsilon(1e-7f)
                                                                .optBeginNumUpdate(begin)
                                                                .optWeightDecays((float) wd)
                                                                .build(),
                                                config.l2()))
                        .setData(epochData(trainSet, false), epochData(valSet, true))
                        .setInputShape(
                                new Shape(1, train.channels(), train.height(), train.width()))
                        .setEpochs(config.epochs())
                        .setBatchSize(batchSize)
                        .setLearningRate(config.learningRate())
                        .setInitSeed(seeds.init())
                        .optDevices(devices)
                        .optCheckpointDir(dir.checkpoint(cell))
                        .optObserver(new CellObserver(cell, label))
                        .build();
        TrainingLoop.Outcome outcome;
        try {
            outcome = loop.run();
        } catch (EngineException
                | IllegalStateException
                | ArithmeticException
                | OutOfMemoryError e) {
            LOG.error("{} failed: {}", label, e.toString());
            LOG.debug("failure of " + label, e);
            dir.appendResult(
                    new CellResult(
                            cell,
                            CellResult.Status.FAILED,
                            Double.NaN,
                            0,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            0,
                            0));
            return;
        }
        CellResult.Status status =
                outcome.status() == TrainingLoop.Outcome.Status.DONE
                        ? CellResult.Status.DONE
                        : CellResult.Status.DIVERGED;
        if (status == CellResult.Status.DIVERGED) {
            LOG.warn(
                    "{} diverged in epoch {}: the loss became NaN or infinite",
                    label,
                    outcome.epochs() + 1);
        }
        if (!outcome.bestReliability().isEmpty()) {
            dir.appendCalibration(cell, outcome.bestReliability());
        }
        dir.appendResult(
                new CellResult(
                        cell,
                        status,
                        outcome.bestValAcc(),
                        outcome.bestEpoch(),
                        outcome.finalValAcc(),
                        outcome.bestNll(),
                        outcome.bestEce(),
                        outcome.epochs(),
                        outcome.seconds()));
        dir.deleteCheckpoint(cell);
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "%s %s: best val acc %.2f%% (epoch %d) in %.0f s",
                        label,
                        status.id(),
                        outcome.bestValAcc(),
                        outcome.bestEpoch(),
                        outcome.seconds()));
    }

    private static TrainingLoop.EpochData epochData(
            ImageClassificationDataset set, boolean fixedOrder) {
        return new TrainingLoop.EpochData() {
            @Override
            public Iterable<ai.djl.training.dataset.Batch> batches(NDManager manager, int epoch) {
                return set.getData(manager, fixedOrder ? 0 : epoch);
            }

            @Override
            public int size() {
                return Math.toIntExact(set.size());
            }
        };
    }

    private final class CellObserver implements TrainingLoop.Observer {
        private final Cell cell;
        private final String label;
        private int epochs;

        CellObserver(Cell cell, String label) {
            this.cell = cell;
            this.label = label;
        }

        @Override
        public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) throws IOException {
            this.epochs = epochs;
            dir.dropEpochsAfter(cell, firstEpoch);
            if (firstEpoch > 0) {
                LOG.info(
                        "{}: resuming from the checkpoint after epoch {} of {}",
                        label,
                        firstEpoch,
                        epochs);
            } else {
                LOG.info("{}: {} epochs of {} batches", label, epochs, batchesPerEpoch);
            }
            progress.startEpoch();
        }

        @Override
        public void onBatch(int epoch, int batch, int batches, double loss) {
            progress.batch(
                    String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), batch, batches, loss);
        }

        @Override
        public void onEpoch(TrainingLoop.EpochMetrics m) throws IOException {
            progress.endEpoch();
            dir.appendEpoch(
                    new EpochRecord(
                            cell,
                            m.epoch(),
                            m.learningRate(),
                            m.trainLoss(),
                            m.trainAccuracy(),
                            m.valLoss(),
                            m.validation().accuracyPercent(),
                            m.validation().nll(),
                            m.validation().ece(),
                            m.seconds()));
            LOG.info(
                    String.format(
                            Locale.ROOT,
                            "%s epoch %d/%d: loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% nll"
                                    + " %.4f ece %.4f | lr %.1e | %.1f s",
                            label,
                            m.epoch(),
                            epochs,
                            m.trainLoss(),
                            m.trainAccuracy(),
                            m.valLoss(),
                            m.validation().accuracyPercent(),
                            m.validation().nll(),
                            m.validation().ece(),
                            m.learningRate(),
                            m.seconds()));
            progress.startEpoch();
        }
    }

    private RunProvenance.DatasetRecord datasetRecord(DataSource source, DataSplits splits)
            throws IOException {
        List<FileDigest> files = new ArrayList<>();
        for (Path file : source.files(dataDir)) {
            files.add(FileDigest.of(file));
        }
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
                config.limitTrain(),
                config.limitVal(),
                config.dataSeed(),
                meanSha,
                files);
    }

    private RunProvenance.ModelRecord modelRecord(
            ModelName model, String dataset, LabeledImages train) {
        Block block = model.builder().setNumClasses(train.numClasses()).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelSummary summary =
                    ModelSummary.of(
                            block,
                            new Shape(1, train.channels(), train.height(), train.width()),
                            manager);
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
