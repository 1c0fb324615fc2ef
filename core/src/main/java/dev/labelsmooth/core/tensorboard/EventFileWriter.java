package dev.labelsmooth.core.tensorboard;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * One TensorBoard event file, {@code <dir>/events.out.tfevents.<seconds>.<host>.<pid>.<n>}, opened
 * with its file-version event. A TensorBoard "run" is the folder; a later writer in the same folder
 * adds a new file, which TensorBoard reads after the earlier ones. Records are flushed after every
 * write, so a killed process loses nothing already written.
 */
public final class EventFileWriter implements Closeable {

    private static final java.util.concurrent.atomic.AtomicInteger COUNTER =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Path file;
    private final OutputStream out;

    /** Creates {@code dir} if needed and a new event file in it. */
    public EventFileWriter(Path dir) throws IOException {
        Files.createDirectories(dir);
        double now = now();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        file =
                dir.resolve(
                        "events.out.tfevents."
                                + (long) now
                                + "."
                                + host
                                + "."
                                + ProcessHandle.current().pid()
                                + "."
                                + COUNTER.incrementAndGet());
        out =
                new BufferedOutputStream(
                        Files.newOutputStream(
                                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        write(Events.fileVersion(now));
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** A scalar at {@code step}, stamped now. */
    public void scalar(String tag, long step, double value) throws IOException {
        write(Events.scalar(now(), step, tag, (float) value));
    }

    /** A scalar at {@code step} with a given wall time (seconds since the epoch). */
    public void scalar(String tag, long step, double value, double wallTime) throws IOException {
        write(Events.scalar(wallTime, step, tag, (float) value));
    }

    /** The HParams experiment record (write it once, in the log directory's root run). */
    public void experiment(
            String name,
            String description,
            List<Events.HParam> hparams,
            List<Events.Metric> metrics)
            throws IOException {
        write(Events.experiment(now(), name, description, hparams, metrics));
    }

    /** A session's start with its hyperparameter values and group. */
    public void sessionStart(Map<String, Object> hparams, String group, double wallTime)
            throws IOException {
        write(Events.sessionStart(wallTime, hparams, group, ""));
    }

    /** A session's end. */
    public void sessionEnd(Events.Status status, double wallTime) throws IOException {
        write(Events.sessionEnd(wallTime, status));
    }

    private void write(byte[] event) throws IOException {
        TfRecord.write(out, event);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
