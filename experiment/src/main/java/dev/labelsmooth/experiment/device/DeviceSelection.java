package dev.labelsmooth.experiment.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code --device cpu|gpu|gpu:N|auto} into the one device a process trains on, and {@code
 * --gpus N} (or {@code --workers W} on a GPU) into the GPUs of one worker process each. A cell
 * always trains on one device: several GPUs run several cells side by side, never one cell split
 * over GPUs, so a cell's result does not depend on how many GPUs the sweep had.
 */
public final class DeviceSelection {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSelection.class);

    /**
     * Test-only: pretend the engine sees this many GPUs, each of which is the CPU. Lets the tests
     * of the one-worker-per-GPU launcher run the workers on a machine without a GPU.
     */
    public static final String PRETEND_GPUS = "LABELSMOOTH_PRETEND_GPUS";

    private static final Pattern GPU_N = Pattern.compile("gpu:(\\d+)");

    private DeviceSelection() {}

    /**
     * The GPUs the engine sees.
     *
     * @param count how many
     * @param pretend whether they are {@link #PRETEND_GPUS} (each one the CPU)
     * @param whyNone when there are none: why, and what to install
     */
    public record Gpus(int count, boolean pretend, String whyNone) {

        /** Asks the engine (loading it), unless {@link #PRETEND_GPUS} is set. */
        public static Gpus detect() {
            return detect(System.getenv(), null);
        }

        /**
         * As {@link #detect()}, with the natives already described (asked for only when needed).
         */
        public static Gpus detect(Natives natives) {
            return detect(System.getenv(), natives);
        }

        static Gpus detect(Map<String, String> env) {
            return detect(env, null);
        }

        private static Gpus detect(Map<String, String> env, Natives natives) {
            String pretend = env.get(PRETEND_GPUS);
            if (pretend != null && !pretend.isBlank()) {
                int n = Integer.parseInt(pretend.strip());
                LOG.warn("{}={}: pretending {} GPUs that are the CPU", PRETEND_GPUS, n, n);
                return new Gpus(n, true, "");
            }
            int count = Engine.getInstance().getGpuCount();
            if (count > 0) {
                return new Gpus(count, false, "");
            }
            return new Gpus(0, false, (natives != null ? natives : Natives.detect()).whyNoGpu());
        }

        /** {@code n} real GPUs, or none for {@code whyNone}. */
        public static Gpus of(int n, String whyNone) {
            return new Gpus(n, false, whyNone);
        }
    }

    /**
     * The device of {@code --device}.
     *
     * @param device the option's value
     * @param gpus the GPUs seen
     * @throws IllegalArgumentException naming the value and why it cannot be used here
     */
    public static Device select(String device, Gpus gpus) {
        String d = normalize(device);
        if (d.equals("cpu") || (d.equals("auto") && gpus.count() == 0)) {
            return Device.cpu();
        }
        int index = d.equals("auto") || d.equals("gpu") ? 0 : gpuIndex(device);
        if (index >= gpus.count()) {
            throw new IllegalArgumentException(
                    "'device' "
                            + device
                            + " needs GPU "
                            + index
                            + ", but the engine sees "
                            + gpus.count()
                            + (gpus.count() == 0 ? ": " + gpus.whyNone() : ""));
        }
        return gpus.pretend() ? Device.cpu() : Device.gpu(index);
    }

    /**
     * The kind a device value asks for, without looking at the machine: {@code gpu} for {@code gpu}
     * and {@code gpu:N}, {@code cpu}, or {@code auto} (also for null and values that do not parse,
     * which {@link #select} refuses).
     */
    public static String requestedKind(String device) {
        String d = device == null ? "auto" : device.strip().toLowerCase(Locale.ROOT);
        return d.startsWith("gpu") ? "gpu" : d.equals("cpu") ? "cpu" : "auto";
    }

    /**
     * The kind of device {@code --device} trains on here, {@code cpu} or {@code gpu}: part of a
     * run's identity, since the same seed draws other weights and other rounding on a GPU.
     */
    public static String kind(String device, Gpus gpus) {
        String d = normalize(device);
        if (d.equals("cpu") || (d.equals("auto") && gpus.count() == 0)) {
            return "cpu";
        }
        if (!d.equals("auto") && !d.equals("gpu")) {
            gpuIndex(device);
        }
        return "gpu";
    }

    /**
     * The GPU of each worker process: {@code --gpus N} (from the {@code --device gpu:F} one, else
     * GPU 0) or, with a GPU device, {@code --workers W}; empty when the workers (if any) share the
     * CPU.
     *
     * @param device the {@code --device} value
     * @param gpuOption the {@code --gpus} value (0 = not given)
     * @param workers the {@code --workers} value (1 = not given)
     * @param gpus the GPUs seen
     * @return physical GPU indices, one per worker
     * @throws IllegalArgumentException naming a combination this machine cannot run
     */
    public static List<Integer> workerGpus(String device, int gpuOption, int workers, Gpus gpus) {
        if (gpuOption < 0) {
            throw new IllegalArgumentException("'gpus' must be >= 0, got " + gpuOption);
        }
        String d = normalize(device);
        if (gpuOption == 0 && (workers <= 1 || kind(device, gpus).equals("cpu"))) {
            return List.of();
        }
        if (d.equals("cpu")) {
            throw new IllegalArgumentException(
                    "'gpus' must be 0 with 'device' cpu, got " + gpuOption);
        }
        if (gpuOption > 0 && workers > 1 && workers != gpuOption) {
            throw new IllegalArgumentException(
                    "'workers' "
                            + workers
                            + " and 'gpus' "
                            + gpuOption
                            + " disagree: a GPU sweep runs one worker per GPU (give one of them)");
        }
        int n = gpuOption > 0 ? gpuOption : workers;
        int first = d.equals("auto") || d.equals("gpu") ? 0 : gpuIndex(device);
        if (first + n > gpus.count()) {
            throw new IllegalArgumentException(
                    (gpuOption > 0 ? "'gpus' " + gpuOption : "'workers' " + workers)
                            + " from 'device' "
                            + device
                            + " needs GPUs "
                            + first
                            + ".."
                            + (first + n - 1)
                            + ", but the engine sees "
                            + gpus.count()
                            + (gpus.count() == 0 ? ": " + gpus.whyNone() : ""));
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(first + i);
        }
        return ids;
    }

    private static String normalize(String device) {
        String d = device.strip().toLowerCase(Locale.ROOT);
        if (!d.equals("cpu")
                && !d.equals("auto")
                && !d.equals("gpu")
                && !GPU_N.matcher(d).matches()) {
            throw new IllegalArgumentException(
                    "'device' must be cpu, gpu, gpu:N or auto, got '" + device + "'");
        }
        return d;
    }

    private static int gpuIndex(String device) {
        Matcher m = GPU_N.matcher(normalize(device));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'device' must be cpu, gpu, gpu:N or auto, got '" + device + "'");
        }
        return Integer.parseInt(m.group(1));
    }
}
