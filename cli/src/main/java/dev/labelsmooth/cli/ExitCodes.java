package dev.labelsmooth.cli;

/** Process exit codes of every command, in one place. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;

    /** Something failed that is not the user's input: an engine error, a full disk, a bug. */
    public static final int FAILURE = 1;

    /** Bad usage or input; stderr names the value and what was expected. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
