package dev.labelsmooth.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with ETA for the epoch in progress, redrawn in place; only on a terminal
 * (elsewhere the runner's one log line per epoch is the whole output).
 */
final class EpochProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;
    private long epochStart;
    private long lastDraw;

    EpochProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A bar on stderr when both a console is attached and output is not redirected. */
    static EpochProgress forConsole() {
        return new EpochProgress(
                System.err, System.console() != null && System.getenv("TERM") != null);
    }

    void startEpoch() {
        epochStart = System.nanoTime();
        lastDraw = 0;
    }

    void batch(String label, int batch, int batches, double loss) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (batch < batches && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = batch == 0 ? 0 : elapsed / batch * (batches - batch);
        int filled = (int) Math.round((double) WIDTH * batch / batches);
        out.print(
                String.format(
                        Locale.ROOT,
                        "\r%s [%s%s] %d/%d loss %.4f ETA %s ",
                        label,
                        "=".repeat(filled),
                        " ".repeat(WIDTH - filled),
                        batch,
                        batches,
                        loss,
                        clock(eta)));
        out.flush();
    }

    void endEpoch() {
        if (enabled) {
            out.print("\r" + " ".repeat(WIDTH + 80) + "\r");
            out.flush();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
