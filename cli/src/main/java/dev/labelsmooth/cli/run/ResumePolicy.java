package dev.labelsmooth.cli.run;

import dev.labelsmooth.cli.rundir.RunDirectory;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.provenance.RunProvenance;
import dev.labelsmooth.core.sweep.SweepConfig;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a sweep does with a run directory that already holds one: resume it when it is the
 * same experiment, start over with {@code --force}, refuse otherwise.
 */
final class ResumePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ResumePolicy.class);

    private ResumePolicy() {}

    /**
     * @return the earlier sweep's provenance to resume, or empty for a fresh start
     * @throws UsageException when the directory holds another sweep and {@code force} is off
     */
    static Optional<RunProvenance> decide(RunDirectory dir, SweepConfig config, boolean force)
            throws IOException {
        if (!dir.hasRun()) {
            return Optional.empty();
        }
        String problem;
        RunProvenance previous = null;
        try {
            previous = java.nio.file.Files.exists(dir.provenance()) ? dir.readProvenance() : null;
            problem =
                    previous == null
                            ? "no provenance.json"
                            : previous.config().sameExperiment(config)
                                    ? null
                                    : "a different configuration ("
                                            + ConfigDiff.describe(previous.config(), config)
                                            + ")";
        } catch (UsageException e) {
            problem = "an unreadable provenance.json (" + e.getMessage() + ")";
        }
        if (problem == null) {
            return Optional.of(previous);
        }
        if (!force) {
            throw new UsageException(
                    "run directory "
                            + dir.root()
                            + " must hold the same sweep to resume, got "
                            + problem
                            + "; use --force to start over or --out for a new directory");
        }
        LOG.warn("--force: discarding the earlier sweep in {} ({})", dir.root(), problem);
        dir.clear();
        return Optional.empty();
    }
}
