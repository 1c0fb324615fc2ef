package dev.labelsmooth.experiment.runner;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.experiment.device.DeviceSelection;
import dev.labelsmooth.experiment.device.Natives;
import dev.labelsmooth.experiment.shard.CellCosts;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import dev.labelsmooth.models.ModelName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep checked as a whole before anything trains: every data set and model known, every
 * smoothing value inside (1/K, 1] for its data set, every data file present, the device usable.
 *
 * @param config the resolved configuration
 * @param dataDir root of the data sets
 * @param sources the data sets by name, in the configuration's order
 * @param models the models by name
 * @param grid every cell of the sweep in run order
 * @param shard the part of the grid this process trains
 * @param cells the shard's cells in run order (the whole grid for an unsharded sweep)
 * @param device the device this process trains on
 * @param natives the PyTorch natives and GPUs this process sees
 */
record SweepPlan(
        SweepConfig config,
        Path dataDir,
        Map<String, DataSource> sources,
        Map<String, ModelName> models,
        List<Cell> grid,
        Shard shard,
        List<Cell> cells,
        Device device,
        Natives natives) {

    /** {@code CxHxW} as a shape. */
    static Shape imageShape(String chw) {
        String[] parts = chw.split("x");
        return new Shape(
                Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    /**
     * Checks the configuration against the data sets, models and engine.
     *
     * @throws UsageException naming the first bad value
     * @throws dev.labelsmooth.datasets.images.DataFileException for a missing data file
     */
    static SweepPlan validate(SweepConfig config, Path dataDir, Shard shard, boolean requireData)
            throws DataFileException {
        try {
            Map<String, DataSource> sources = new LinkedHashMap<>();
            for (String name : config.datasets()) {
                sources.put(name, DatasetCatalog.of(name, config.imageSize()));
            }
            Map<String, ModelName> models = new LinkedHashMap<>();
            for (String name : config.models()) {
                models.put(name, ModelName.parse(name));
            }
            for (DataSource source : sources.values()) {
                Shape image = imageShape(source.imageShape());
                for (ModelName model : models.values()) {
                    try {
                        model.requireInput(image);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "data set " + source.name() + ": " + e.getMessage(), e);
                    }
                }
            }
            List<Cell> grid = config.cells(name -> sources.get(name).numClasses());
            List<Cell> cells = shard.isWhole() ? grid : shard.cellsOf(grid, new CellCosts(config));
            if (requireData) {
                for (DataSource source : sources.values()) {
                    source.requireFiles(dataDir);
                }
            }
            if (config.gpus() > 1) {
                throw new IllegalArgumentException(
                        "'gpus' "
                                + config.gpus()
                                + " spreads the cells of a sweep over GPUs, one worker per GPU;"
                                + " this command trains on one device: use 'device' gpu:N");
            }
            Natives natives = Natives.detect();
            DeviceSelection.Gpus gpus = DeviceSelection.Gpus.detect(natives);
            Device device = DeviceSelection.select(config.device(), gpus);
            // auto is recorded as what it chose here: a resume elsewhere must train on the same.
            SweepConfig resolved =
                    config.device().strip().equalsIgnoreCase("auto")
                            ? config.toBuilder()
                                    .optDevice(DeviceSelection.kind("auto", gpus))
                                    .build()
                            : config;
            return new SweepPlan(
                    resolved, dataDir, sources, models, grid, shard, cells, device, natives);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
