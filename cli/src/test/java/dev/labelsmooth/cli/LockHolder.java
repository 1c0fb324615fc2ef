package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.store.RunLock;
import java.nio.file.Path;

/** A second process for the single-writer test: holds a directory's lock until stdin closes. */
public final class LockHolder {

    private LockHolder() {}

    /**
     * Takes the lock of {@code args[0]}, prints {@code locked}, and waits.
     *
     * @param args the directory
     */
    @SuppressWarnings("try") // held, not used
    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the test to close our stdin
            }
        }
    }
}
