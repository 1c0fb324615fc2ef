package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import dev.labelsmooth.core.loss.LabelSmoothingLoss;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.datasets.ImageClassificationDataset;
import dev.labelsmooth.datasets.augment.AugmentSpec;
import dev.labelsmooth.models.resnet.KerasRegularization;
import dev.labelsmooth.models.resnet.ResNetV1;
import org.junit.jupiter.api.Test;

/**
 * README's "Using labelsmooth from another DJL application" example, compiled and run with DJL's
 * EasyTrain.
 */
class ReadmeExampleTest {

    @Test
    void libraryExampleTrainsWithDjlsOwnTrainer() throws Exception {
        LabelSmoothingLoss loss =
                LabelSmoothingLoss.builder().optGamma(0.9).optNumClasses(10).build();

        // As README, with small stratified subsets to keep the test short.
        DataSplits data =
                DataSplits.load(
                        DatasetCatalog.of("embedded"),
                        DatasetCatalog.defaultDataDir(),
                        256,
                        128,
                        42);
        ImageClassificationDataset train = data.trainingSet(128, AugmentSpec.PAPER, 7);
        ImageClassificationDataset validation = data.validationSet(128);

        Block net = ResNetV1.builder().setDepth(20).setNumClasses(10).build();
        Optimizer adam =
                KerasRegularization.withKernelL2(
                        net,
                        wd -> Optimizer.adam().optWeightDecays((float) wd).build(),
                        KerasRegularization.KERAS_L2);

        try (Model model = Model.newInstance("resnet20")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(adam)
                            .addEvaluator(new Accuracy())
                            .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                EasyTrain.fit(trainer, 1, train, validation);
                TrainingResult result = trainer.getTrainingResult();
                assertThat(result.getEpoch()).isEqualTo(1);
                assertThat(result.getValidateLoss()).isFinite().isPositive();
                assertThat(result.getValidateEvaluation("Accuracy")).isBetween(0f, 1f);
            }
        }
    }
}
