package dev.labelsmooth.core.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener on a real DJL trainer driven by DJL's own EasyTrain loop. */
class TensorBoardListenerTest {

    @TempDir Path tmp;

    @Test
    void everyEpochsTrainingAndValidationValuesAreWrittenAtStepEpoch() throws Exception {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("linear")) {
            NDArray x = manager.randomNormal(new Shape(64, 4));
            NDArray y = x.get(":, 0").gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            ArrayDataset train =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(y)
                            .setSampling(16, false)
                            .build();
            ArrayDataset validation =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(y)
                            .setSampling(32, false)
                            .build();
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(2).build()));
            TensorBoardListener tensorboard =
                    TensorBoardListener.builder(tmp)
                            .optRunName("run-1")
                            .optHParams(Map.of("lr", 0.01), "lr=0.01")
                            .addScalar("lr", t -> 0.01)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .addEvaluator(new Accuracy())
                            .addTrainingListeners(TrainingListener.Defaults.basic())
                            .addTrainingListeners(tensorboard);
            TrainingResult result;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(16, 4));
                EasyTrain.fit(trainer, 3, train, validation);
                result = trainer.getTrainingResult();
            }
            Path file;
            try (Stream<Path> files = Files.list(tmp.resolve("run-1"))) {
                file = files.findFirst().orElseThrow();
            }
            List<ScalarEvents.Scalar> scalars = ScalarEvents.read(file);
            assertThat(scalars)
                    .extracting(ScalarEvents.Scalar::tag)
                    .containsOnly(
                            "train/SoftmaxCrossEntropyLoss",
                            "validate/SoftmaxCrossEntropyLoss",
                            "train/Accuracy",
                            "validate/Accuracy",
                            "lr");
            assertThat(scalars.stream().filter(s -> s.tag().equals("validate/Accuracy")))
                    .extracting(ScalarEvents.Scalar::step)
                    .containsExactly(1L, 2L, 3L);
            ScalarEvents.Scalar last = scalars.get(scalars.size() - 1);
            assertThat(last.step()).isEqualTo(3);
            float lastValidation =
                    scalars.stream()
                            .filter(s -> s.tag().equals("validate/Accuracy") && s.step() == 3)
                            .findFirst()
                            .orElseThrow()
                            .value();
            assertThat(lastValidation).isEqualTo(result.getValidateEvaluation("Accuracy"));
            float lastTrainLoss =
                    scalars.stream()
                            .filter(
                                    s ->
                                            s.tag().equals("train/SoftmaxCrossEntropyLoss")
                                                    && s.step() == 3)
                            .findFirst()
                            .orElseThrow()
                            .value();
            assertThat(lastTrainLoss)
                    .isEqualTo(result.getTrainEvaluation("SoftmaxCrossEntropyLoss"));
            assertThat(TfRecord.readAll(file)).hasSize(1 + 1 + 3 * 5 + 1);
        }
    }
}
