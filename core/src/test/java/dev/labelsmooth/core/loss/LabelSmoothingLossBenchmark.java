package dev.labelsmooth.core.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward + backward of {@link LabelSmoothingLoss} against DJL's {@code SoftmaxCrossEntropyLoss} on
 * the same logits and sparse labels. Run with {@code mvn -B -pl core test-compile exec:exec@jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class LabelSmoothingLossBenchmark {

    @Param({"10", "100", "1000"})
    public int numClasses;

    @Param({"128"})
    public int batchSize;

    private NDManager manager;
    private NDArray logits;
    private NDArray labels;
    private Loss smoothed;
    private Loss djl;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(42);
        logits = manager.randomNormal(new Shape(batchSize, numClasses));
        labels =
                manager.randomInteger(
                                0,
                                numClasses,
                                new Shape(batchSize),
                                ai.djl.ndarray.types.DataType.INT64)
                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        smoothed = LabelSmoothingLoss.ofGamma(0.9);
        djl = Loss.softmaxCrossEntropyLoss();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float labelSmoothing() {
        return step(smoothed);
    }

    @Benchmark
    public float softmaxCrossEntropy() {
        return step(djl);
    }

    private float step(Loss loss) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray z = logits.duplicate();
            z.attach(sub);
            z.setRequiresGradient(true);
            NDArray y = labels.duplicate();
            y.attach(sub);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(new NDList(y), new NDList(z));
                collector.backward(value);
                return value.getFloat() + z.getGradient().getFloat(0, 0);
            }
        }
    }
}
