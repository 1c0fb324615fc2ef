package dev.labelsmooth.cli;

import dev.labelsmooth.core.training.StopRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals that ask a training process to stop: SIGTERM ({@code timeout}, {@code scancel}, a
 * Slurm time limit, preemption, Kubernetes deleting a pod), SIGINT (Ctrl-C) and SIGUSR1 (Slurm's
 * {@code --signal} warning before a time limit). Without a handler, the JVM exits on SIGTERM and
 * SIGINT while the main thread may be inside libtorch, which then crashes as its static state is
 * torn down under it; with one, the signal only sets {@link #STOP}, training stops at its next step
 * boundary with a checkpoint of that step, and the process exits with 128 plus the signal's number
 * (143 for SIGTERM, 130 for SIGINT, 138 for SIGUSR1) after the loop has left libtorch.
 *
 * <p>The JDK's handler API is {@code sun.misc.Signal} in the {@code jdk.unsupported} module; it is
 * reached by reflection, so that the build's warnings-as-errors need not allow its proprietary-API
 * warning. Where it is missing, the JVM's default handling stays.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    /** The signals handled, without the {@code SIG} prefix, with their numbers on Linux. */
    static final Map<String, Integer> STOPPING = Map.of("TERM", 15, "INT", 2, "USR1", 10);

    /** The commands that honour a stop request; others keep the JVM's default handling. */
    static final java.util.Set<String> STOPPABLE_COMMANDS =
            java.util.Set.of("sweep", "search", "train");

    /** The process's stop request, set by the first of the signals. */
    static final StopRequest STOP = new StopRequest();

    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();

    private Signals() {}

    /**
     * Installs the handlers: the first signal sets {@link #STOP} and tells the listeners, a later
     * one is logged and otherwise ignored, so a checkpoint being written is finished.
     *
     * @return whether the handlers are in place
     */
    static boolean install() {
        boolean all = true;
        for (String name : STOPPING.keySet()) {
            all &= handle(name, () -> received("SIG" + name));
        }
        return all;
    }

    /** Calls {@code listener} with the signal's name (e.g. {@code SIGTERM}) on the first one. */
    static void onStop(Consumer<String> listener) {
        LISTENERS.add(listener);
    }

    private static void received(String signal) {
        if (STOP.request(signal)) {
            if (LISTENERS.isEmpty()) {
                LOG.warn(
                        "{} received: stopping at the next training step with a checkpoint",
                        signal);
            } else {
                // A launcher or a workers' parent: the processes it passes the signal to say it.
                LOG.debug("{} received: passing it on", signal);
            }
            LISTENERS.forEach(l -> l.accept(signal));
        } else {
            LOG.warn("{} received while stopping after {}: still stopping", signal, STOP.reason());
        }
    }

    /**
     * The exit code of a process stopped by {@code signal} ({@code SIGTERM}, ...): 128 plus its
     * number, as a shell reports a process killed by it; 143 for a reason that is not a signal.
     */
    static int exitCode(String signal) {
        if (signal != null && signal.startsWith("SIG")) {
            Integer number = STOPPING.get(signal.substring(3));
            if (number != null) {
                return 128 + number;
            }
        }
        return 128 + 15;
    }

    /**
     * Sends {@code signal} ({@code SIGTERM}, ...) to {@code process} with the system's {@code
     * kill}; where that fails, {@link ProcessHandle#destroy} sends SIGTERM.
     */
    static void forward(String signal, ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        try {
            Process kill =
                    new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (java.io.IOException e) {
            // no kill on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    /** Installs {@code action} as the handler of {@code name} ({@code TERM}, ...). */
    private static boolean handle(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation =
                    (Object proxy, Method method, Object[] args) -> {
                        switch (method.getName()) {
                            case "handle" -> action.run();
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "toString" -> {
                                return "labelsmooth stop handler for SIG" + name;
                            }
                            default -> {}
                        }
                        return null;
                    };
            Object handler =
                    Proxy.newProxyInstance(
                            Signals.class.getClassLoader(),
                            new Class<?>[] {handlerClass},
                            invocation);
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            signalClass
                    .getMethod("handle", signalClass, handlerClass)
                    .invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.debug("cannot handle SIG{}: {}", name, e.toString());
            return false;
        }
    }
}
