package dev.labelsmooth.cli;

import ai.djl.ndarray.types.Shape;
import dev.labelsmooth.experiment.bench.TrainingBenchmark;
import dev.labelsmooth.experiment.device.DeviceSelection;
import dev.labelsmooth.models.ModelName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench}: training throughput of full steps, as a sweep runs them. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Images per second of full training steps (batch building with augmentation,"
                    + " forward, loss, backward, Adam) after warm-up: median, min and max over the"
                    + " timed steps, and peak RSS.")
final class BenchCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "resnet20-v1",
            converter = Converters.Model.class,
            description = "Model (default: ${DEFAULT-VALUE}).")
    private ModelName model;

    @Option(
            names = "--input",
            defaultValue = "1x28x28",
            converter = Converters.Image.class,
            description = "Image shape CxHxW (default: ${DEFAULT-VALUE}).")
    private ImageShape input;

    @Option(
            names = "--classes",
            defaultValue = "10",
            description = "K (default: ${DEFAULT-VALUE}).")
    private int classes;

    @Option(
            names = "--batch",
            defaultValue = "128",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(
            names = "--steps",
            defaultValue = "20",
            description = "Timed steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(
            names = "--no-augment",
            description = "Time steps without the shift-and-flip augmentation.")
    private boolean noAugment;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "cpu, gpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Append the result as one JSON line to FILE.")
    private Path json;

    @Override
    public Integer call() throws IOException {
        if (json != null) {
            Path folder = json.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder) || Files.isDirectory(json)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--json must name a file in an existing folder, got " + json);
            }
        }
        try {
            model.requireInput(
                    new ai.djl.ndarray.types.Shape(
                            input.channels(), input.height(), input.width()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TrainingBenchmark benchmark;
        ai.djl.Device trainOn;
        try {
            benchmark =
                    new TrainingBenchmark(
                            model,
                            new Shape(input.channels(), input.height(), input.width()),
                            classes,
                            batch,
                            warmup,
                            steps,
                            !noAugment);
            trainOn = DeviceSelection.select(device, DeviceSelection.Gpus.detect());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), OptionNames.translate(e.getMessage()), e);
        }
        TrainingBenchmark.Measurement m = benchmark.run(trainOn);
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                String.format(
                        Locale.ROOT,
                        "%s %s batch %d on %s: train %.1f images/s median [%.1f-%.1f] over %d"
                                + " steps; peak RSS %.0f MiB; %s",
                        model,
                        input,
                        batch,
                        trainOn,
                        m.median(),
                        m.min(),
                        m.max(),
                        steps,
                        m.peakRssMb(),
                        NativeMemory.describe()));
        if (json != null) {
            String line =
                    String.format(
                            Locale.ROOT,
                            "{\"model\":\"%s\",\"input\":\"%s\",\"batch\":%d,\"train_img_s\":{\"median\":%.2f,\"min\":%.2f,\"max\":%.2f},"
                                + "\"peak_rss_mb\":%.1f,\"steps\":%d,\"device\":\"%s\",\"malloc\":\"%s\",\"augment\":%b}%n",
                            model,
                            input,
                            batch,
                            m.median(),
                            m.min(),
                            m.max(),
                            m.peakRssMb(),
                            steps,
                            trainOn,
                            NativeMemory.describe(),
                            !noAugment);
            Files.writeString(
                    json,
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        return ExitCodes.OK;
    }
}
