package dev.labelsmooth.cli;

import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DatasetCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code datasets}: every known data set, its K and image shape, and whether its files are there.
 */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description =
                "List the known data sets, their K and image shape, and whether their files are"
                        + " present.")
final class DatasetsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private DataDirOption dataDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataDir.resolve();
        out.println("data directory: " + dir);
        out.println(
                String.format(Locale.ROOT, "%-24s %5s  %-9s %s", "name", "K", "image", "files"));
        for (String name : DatasetCatalog.names()) {
            DataSource source = DatasetCatalog.of(name);
            List<Path> missing = source.missingFiles(dir);
            String status;
            if (source.files(dir).isEmpty()) {
                status = "present (" + source.layout(dir) + ")";
            } else if (missing.isEmpty()) {
                status = "present in " + source.files(dir).get(0).getParent();
            } else if (missing.size() == source.files(dir).size()) {
                status = "missing; expected " + source.layout(dir);
            } else {
                status =
                        "missing "
                                + missing.size()
                                + " of "
                                + source.files(dir).size()
                                + ": "
                                + missing;
            }
            out.println(
                    String.format(
                            Locale.ROOT,
                            "%-24s %5d  %-9s %s",
                            name,
                            source.numClasses(),
                            source.imageShape(),
                            status));
        }
        return ExitCodes.OK;
    }
}
