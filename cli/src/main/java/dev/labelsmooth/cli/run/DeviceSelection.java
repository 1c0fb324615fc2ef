package dev.labelsmooth.cli.run;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code --device cpu|gpu|gpu:N|auto} and {@code --gpus N} into the devices DJL trains on.
 * With {@code --gpus N > 1}, batches are split over GPUs first..first+N-1 (DJL data-parallel).
 */
public final class DeviceSelection {

    private static final Pattern GPU_N = Pattern.compile("gpu:(\\d+)");

    private DeviceSelection() {}

    /**
     * @param device the option's value
     * @param gpus GPUs to use (0 = one, the device itself)
     * @param gpuCount GPUs the engine sees
     */
    public static Device[] select(String device, int gpus, int gpuCount) {
        String d = device.strip().toLowerCase(Locale.ROOT);
        if (gpus < 0) {
            throw new IllegalArgumentException("--gpus must be >= 0, got " + gpus);
        }
        int first;
        if (d.equals("cpu")) {
            if (gpus > 0) {
                throw new IllegalArgumentException(
                        "--gpus must be 0 with --device cpu, got " + gpus);
            }
            return new Device[] {Device.cpu()};
        } else if (d.equals("auto")) {
            if (gpuCount == 0) {
                if (gpus > 0) {
                    throw new IllegalArgumentException(
                            "--gpus " + gpus + " needs GPUs, but the engine sees none");
                }
                return new Device[] {Device.cpu()};
            }
            first = 0;
        } else if (d.equals("gpu")) {
            first = 0;
        } else {
            Matcher m = GPU_N.matcher(d);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "--device must be cpu, gpu, gpu:N or auto, got '" + device + "'");
            }
            first = Integer.parseInt(m.group(1));
        }
        int count = Math.max(1, gpus);
        if (first + count > gpuCount) {
            throw new IllegalArgumentException(
                    "--device "
                            + device
                            + (gpus > 0 ? " with --gpus " + gpus : "")
                            + " needs GPUs "
                            + first
                            + ".."
                            + (first + count - 1)
                            + ", but the engine sees "
                            + gpuCount
                            + (gpuCount == 0 ? " (build with -Pcuda on a CUDA machine)" : ""));
        }
        Device[] devices = new Device[count];
        for (int i = 0; i < count; i++) {
            devices[i] = Device.gpu(first + i);
        }
        return devices;
    }
}
