package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per directory: an exclusive OS lock on {@code .lock} inside it, held while a process
 * trains into the directory. The OS releases it when the process ends, however it ends, so a crash
 * never leaves a directory locked. The file holds the holder's host, PID and start time for the
 * message a second process gets. Any directory can be locked on its own (a run directory, or later
 * one shard's directory of a run split over machines).
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir}, creating the directory if needed.
     *
     * @param dir the directory to own
     * @return the held lock; close it to release
     * @throws UsageException naming the holder when another process (or another sweep in this one)
     *     holds it
     */
    public static RunLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new UsageException(
                    "run directory "
                            + dir
                            + " must have one writer, got another process writing to it ("
                            + (holder.isEmpty() ? "holder unknown" : holder)
                            + "); wait for it to finish or stop it, or use another 'runDirectory'");
        }
        String me =
                "host "
                        + host()
                        + ", PID "
                        + ProcessHandle.current().pid()
                        + ", since "
                        + Instant.now()
                        + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        return new RunLock(channel, lock);
    }

    /**
     * Whether a process holds {@code dir}'s lock now, i.e. trains into it. Reads only: no lock file
     * means no holder, and a probe that gets the lock releases it at once.
     */
    public static boolean isHeld(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this process
        }
    }

    /** The host name without a DNS lookup, which can hang on a machine without network. */
    private static String host() {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
        } catch (IOException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : "unknown host";
    }

    /** Releases the lock; closing twice is harmless. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
