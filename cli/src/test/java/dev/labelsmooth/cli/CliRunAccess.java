package dev.labelsmooth.cli;

/** Lets tests in sub-packages run the CLI in process. */
public final class CliRunAccess {

    private CliRunAccess() {}

    /** Exit code and captured text of one in-process run. */
    public record Result(int exitCode, String out, String err) {}

    public static Result run(String... args) {
        CliRun run = CliRun.of(args);
        return new Result(run.exitCode, run.out, run.err);
    }
}
