package dev.labelsmooth.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CalibrationEvaluatorTest {

    @Test
    void accumulatedNllAndEceMatchTheClosedFormOverTwoBatches() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Two classes. Logits (ln 3, 0): p = (0.75, 0.25). Logits (0, 0): p = (0.5, 0.5).
            float ln3 = (float) Math.log(3);
            NDList logitsA =
                    new NDList(manager.create(new float[] {ln3, 0, ln3, 0}, new Shape(2, 2)));
            NDList labelsA = new NDList(manager.create(new float[] {0, 1}));
            NDList logitsB = new NDList(manager.create(new float[] {0, 0}, new Shape(1, 2)));
            NDList labelsB = new NDList(manager.create(new float[] {1}));

            CalibrationEvaluator nll = CalibrationEvaluator.nll();
            CalibrationEvaluator ece = CalibrationEvaluator.ece();
            for (CalibrationEvaluator e : new CalibrationEvaluator[] {nll, ece}) {
                e.addAccumulator("validate");
                e.updateAccumulator("validate", labelsA, logitsA);
                e.updateAccumulator("validate", labelsB, logitsB);
            }
            // NLL: -(ln 0.75 + ln 0.25 + ln 0.5) / 3.
            double expectedNll = -(Math.log(0.75) + Math.log(0.25) + Math.log(0.5)) / 3;
            assertThat((double) nll.getAccumulator("validate"))
                    .isCloseTo(expectedNll, within(1e-5));
            // ECE, 15 bins: the two 0.75 predictions share a bin (accuracy 0.5): 2/3 * 0.25; the
            // 0.5 prediction (top class 0 on a tie, wrong): 1/3 * |0 - 0.5|.
            double expectedEce = 2.0 / 3 * 0.25 + 1.0 / 3 * 0.5;
            assertThat((double) ece.getAccumulator("validate"))
                    .isCloseTo(expectedEce, within(1e-5));
            assertThat(nll.evaluate(labelsB, logitsB).getFloat())
                    .isCloseTo((float) Math.log(2), within(1e-5f));

            nll.resetAccumulator("validate");
            assertThat(nll.getAccumulator("validate")).isNaN();
        }
    }
}
