package dev.labelsmooth.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.optimizer.Optimizer;
import dev.labelsmooth.core.InvalidSettingException;
import dev.labelsmooth.core.loss.LabelSmoothingLoss;
import dev.labelsmooth.core.loss.Smoothing;
import org.junit.jupiter.api.Test;

class TrainingRecipeTest {

    @Test
    void paperRecipeIsTheKerasExamples() {
        TrainingRecipe paper = TrainingRecipe.paper();
        assertThat(paper.learningRate()).isEqualTo(1e-3);
        assertThat(paper.adamEpsilon()).isEqualTo(1e-7f);
        assertThat(paper.l2()).isEqualTo(1e-4);
        assertThat(paper.bnMomentum()).isEqualTo(0.99f);
        assertThat(paper.augment()).isTrue();
    }

    @Test
    void optimizerPenalisesKernelsOnlyWithTheRecipesLambda() {
        SequentialBlock block =
                new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(BatchNorm.builder().build())
                        .add(Linear.builder().setUnits(3).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
            Optimizer optimizer = TrainingRecipe.paper().optimizer(block, 10, 5);
            assertThat(optimizer).isInstanceOf(L2Regularized.class);
            L2Regularized l2 = (L2Regularized) optimizer;
            assertThat(l2.lambda()).isEqualTo(1e-4);
            for (Parameter p : block.getParameters().values()) {
                assertThat(l2.penalises(p.getId()))
                        .as(p.getName())
                        .isEqualTo(p.getType() == Parameter.Type.WEIGHT);
            }
            assertThat(TrainingRecipe.penalisedParameters(block)).hasSize(1);
        }
    }

    @Test
    void scheduleDropsAfterFortyPercentOfTheRun() {
        KerasLearningRateSchedule schedule = TrainingRecipe.paper().schedule(10, 3);
        assertThat(schedule.getNewValue(1)).isEqualTo(1e-3f);
        // 0-based epoch 5 (updates 16-18) is past 0.4 * 10 = 4.
        assertThat(schedule.getNewValue(16)).isEqualTo((float) 1e-4);
    }

    @Test
    void lossCarriesTheCellsSmoothing() {
        LabelSmoothingLoss loss = TrainingRecipe.paper().loss(Smoothing.ofEpsilon(0.2, 10));
        assertThat(loss.gamma()).isEqualTo(0.82);
        assertThat(loss.numClasses()).hasValue(10);
    }

    @Test
    void keraBatchNormMomentumOnAFewStepsIsFlaggedNamingTheStepCount() {
        // Two epochs of 512 images at batch 128: 8 steps leave 0.99^8 = 92% of the start values.
        assertThat(TrainingRecipe.paper().tooShortForBatchNorm(8))
                .hasValueSatisfying(
                        w ->
                                assertThat(w)
                                        .contains("BatchNorm momentum 0.99 over 8 training steps")
                                        .contains("92%")
                                        .contains("at least 299 steps")
                                        .contains("0.9 needs 29"));
        assertThat(TrainingRecipe.paper().tooShortForBatchNorm(299)).isEmpty();
        TrainingRecipe quick =
                TrainingRecipe.paper().toBuilder().optBatchNormMomentum(0.9f).build();
        assertThat(quick.tooShortForBatchNorm(141)).isEmpty();
    }

    @Test
    void toBuilderVariesOneValueAndValidates() {
        TrainingRecipe smoke =
                TrainingRecipe.paper().toBuilder().optBatchNormMomentum(0.9f).build();
        assertThat(smoke.bnMomentum()).isEqualTo(0.9f);
        assertThat(smoke.learningRate()).isEqualTo(1e-3);
        assertThatThrownBy(
                        () -> TrainingRecipe.paper().toBuilder().optBatchNormMomentum(1f).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("'bnMomentum' must be in [0, 1), got 1");
        assertThatThrownBy(() -> TrainingRecipe.paper().toBuilder().optL2(-1).build())
                .hasMessage("L2 penalty must be finite and >= 0, got -1");
    }
}
