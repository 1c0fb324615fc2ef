package dev.labelsmooth.cli;

import dev.labelsmooth.datasets.DatasetCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by the commands that read data sets. */
final class DataDirOption {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Root of the data sets: DIR/<name>/... (default: $LABELSMOOTH_DATA or"
                            + " ~/.labelsmooth/data).")
    private Path dataDir;

    /** The directory given, or the default. */
    Path resolve() {
        return dataDir != null ? dataDir : DatasetCatalog.defaultDataDir();
    }
}
