package dev.labelsmooth.core.training;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request, made from any thread (a signal handler, a server's shutdown), that training stop at
 * the next step boundary. A {@link TrainingLoop} given one checks it before every optimizer step;
 * when it is set, the loop writes a checkpoint of the step it reached and throws {@link
 * TrainingStoppedException}, so that native memory is released only after the loop has left
 * libtorch.
 */
public final class StopRequest {

    private final AtomicReference<String> reason = new AtomicReference<>();

    /**
     * Asks training to stop.
     *
     * @param why what asked, e.g. {@code SIGTERM}; it appears in the log line and the exception
     * @return true for the first request, false when a stop was already requested
     */
    public boolean request(String why) {
        return reason.compareAndSet(null, why);
    }

    /** Whether a stop was requested. */
    public boolean isRequested() {
        return reason.get() != null;
    }

    /** What asked for the stop, or null when none did. */
    public String reason() {
        return reason.get();
    }
}
