package dev.labelsmooth.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.labelsmooth.models.ModelName;
import dev.labelsmooth.models.ModelSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code models}: the model families, or one model's layers and parameter counts. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Without --model: list the model families and their valid depths.",
            "With --model: print a layer summary; the last line is"
                    + " 'parameters: <total> (trainable <trainable>)', Keras-style."
        })
final class ModelsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--model",
            converter = Converters.Model.class,
            description = "resnet<D>-v1 (D = 6n+2) or resnet<D>-v2 (D = 9n+2), e.g. resnet20-v1.")
    private ModelName model;

    @Option(
            names = "--input",
            defaultValue = "3x32x32",
            converter = Converters.Image.class,
            description = "Input image CxHxW (default: ${DEFAULT-VALUE}).")
    private ImageShape input;

    @Option(
            names = "--classes",
            defaultValue = "10",
            description = "Number of classes K (default: ${DEFAULT-VALUE}).")
    private int classes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (model == null) {
            out.println(
                    "resnet<D>-v1  ResNet v1, Keras cifar10_resnet.py; depth 6n+2: 20, 32, 44, 56,"
                            + " 110, ...");
            out.println(
                    "resnet<D>-v2  ResNet v2 (pre-activation bottleneck); depth 9n+2: 29, 47, 65,"
                            + " 83, 164, ...");
            out.println("The paper uses resnet20-v1 and resnet83-v2.");
            return ExitCodes.OK;
        }
        if (classes < 2) {
            throw new ParameterException(
                    spec.commandLine(), "--classes must be >= 2, got " + classes);
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            var block = model.builder().setNumClasses(classes).build();
            ModelSummary summary = ModelSummary.of(block, input.batchShape(1), manager);
            out.println(model + " " + model.family() + ", input " + input + ", K=" + classes);
            out.println(summary.render());
        }
        return ExitCodes.OK;
    }
}
