package dev.labelsmooth.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.models.ModelName;
import dev.labelsmooth.models.ModelSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
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
            "Without --model: list the model families, their name forms and sources.",
            "With --model: print a layer summary, 'parameters: <total> (trainable"
                    + " <trainable>)' (the total counts BatchNorm's moving statistics, Keras-style)"
                    + " and the multiply-adds of one forward pass."
        })
final class ModelsCommand implements Callable<Integer> {

    /** The models whose sizes the listing prints. */
    private static final List<String> LISTED =
            List.of(
                    "resnet20-v1",
                    "resnet83-v2",
                    "wrn-16-4",
                    "wrn-16-8",
                    "wrn-28-10",
                    "preact-resnet18",
                    "densenet-bc-100-12",
                    "zoo-resnet18",
                    "zoo-mobilenet-v1",
                    "zoo-mobilenet-v2",
                    "zoo-vgg11",
                    "zoo-googlenet");

    @Spec private CommandSpec spec;

    @Option(
            names = "--model",
            converter = Converters.Model.class,
            description =
                    "A model name: resnet<D>-v1|v2, wrn-<d>-<k>, preact-resnet18,"
                            + " densenet-bc-<L>-<k> or zoo-<name>; e.g. wrn-28-10.")
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
            for (ModelName.Family family : ModelName.families()) {
                out.printf(Locale.ROOT, "%-24s %s%n", family.form(), family.description());
                out.printf(Locale.ROOT, "%-24s e.g. %s%n", "", family.examples());
            }
            out.println();
            out.println(
                    "Trainable parameters (K = 10 and 100) and forward multiply-adds per 3x32x32"
                            + " image:");
            Shape cifar = new Shape(3, 32, 32);
            for (String name : LISTED) {
                ModelName m = ModelName.parse(name);
                out.printf(
                        Locale.ROOT,
                        "  %-20s %,12d %,12d %8.3f G%n",
                        name,
                        m.trainableParameters(10, cifar),
                        m.trainableParameters(100, cifar),
                        m.forwardMacs(3, 32, 32, 10) / 1e9);
            }
            out.println(
                    "The paper uses resnet20-v1 and resnet83-v2; 'models --model NAME' shows the"
                            + " layers.");
            return ExitCodes.OK;
        }
        if (classes < 2) {
            throw new ParameterException(
                    spec.commandLine(), "--classes must be >= 2, got " + classes);
        }
        Shape image = new Shape(input.channels(), input.height(), input.width());
        try {
            model.requireInput(image);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block block = model.build(classes, image, TrainingRecipe.KERAS_BN_MOMENTUM);
            ModelSummary summary = ModelSummary.of(block, input.batchShape(1), manager);
            out.println(model + " " + model.family() + ", input " + input + ", K=" + classes);
            out.println("source: " + model.reference());
            out.println(summary.render());
            out.printf(
                    Locale.ROOT,
                    "multiply-adds per image: %d (%.3f G)%n",
                    model.forwardMacs(input.channels(), input.height(), input.width(), classes),
                    model.forwardMacs(input.channels(), input.height(), input.width(), classes)
                            / 1e9);
        }
        return ExitCodes.OK;
    }
}
