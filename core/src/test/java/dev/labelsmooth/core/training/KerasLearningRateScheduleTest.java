package dev.labelsmooth.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KerasLearningRateScheduleTest {

    @ParameterizedTest
    @CsvSource({
        "0, 1e-3", "80, 1e-3", "81, 1e-4", "120, 1e-4", "121, 1e-5",
        "160, 1e-5", "161, 1e-6", "180, 1e-6", "181, 5e-7", "199, 5e-7"
    })
    void dropsAfterEpochs80_120_160_180Of200(int epoch, double rate) {
        assertThat(KerasLearningRateSchedule.rate(1e-3, epoch, 200))
                .isCloseTo(rate, within(rate * 1e-9));
    }

    @Test
    void scalesThresholdsToTenEpochs() {
        double[] expected = {1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-5, 1e-5, 1e-6};
        for (int e = 0; e < 10; e++) {
            assertThat(KerasLearningRateSchedule.rate(1e-3, e, 10))
                    .as("epoch %d", e)
                    .isCloseTo(expected[e], within(1e-12));
        }
    }

    @Test
    void quickPresetsThirdOfThreeEpochsIsPastBothFirstDrops() {
        // e = 2 > 0.4 * 3 and > 0.6 * 3, not > 0.8 * 3: times 0.01.
        assertThat(KerasLearningRateSchedule.rate(1e-3, 1, 3)).isEqualTo(1e-3);
        assertThat(KerasLearningRateSchedule.rate(1e-3, 2, 3)).isCloseTo(1e-5, within(1e-15));
    }

    @Test
    void convertsDjlUpdateCountsToEpochs() {
        // DJL passes 1 for the first update; 50 batches per epoch, 200 epochs.
        KerasLearningRateSchedule schedule = new KerasLearningRateSchedule(1e-3, 200, 50);
        assertThat(schedule.getNewValue(1)).isEqualTo(1e-3f);
        assertThat(schedule.getNewValue(81 * 50)).isEqualTo(1e-3f); // last update of epoch 80
        assertThat(schedule.getNewValue(81 * 50 + 1))
                .isCloseTo(1e-4f, within(1e-10f)); // first of epoch 81
    }

    @Test
    void rejectsNonPositiveEpochs() {
        assertThatThrownBy(() -> new KerasLearningRateSchedule(1e-3, 0, 10))
                .hasMessage("epochs must be >= 1, got 0");
    }

    @Test
    void aScheduleDrivenByTheLoopsStepsIgnoresHowOftenAndWithWhatCountDjlAsks() {
        KerasLearningRateSchedule schedule = new KerasLearningRateSchedule(1e-3, 10, 3);
        StepCounter steps = new StepCounter(0);
        KerasLearningRateSchedule.Driven tracker = schedule.drivenBy(steps);
        assertThat(tracker.lastRate()).isNaN();
        // Four parameter copies asked per step, with DJL's count running four times too fast.
        int djlCount = 0;
        for (int step = 0; step < 30; step++) {
            for (int copy = 0; copy < 4; copy++) {
                float rate = tracker.getNewValue(++djlCount);
                assertThat((double) rate)
                        .isEqualTo((double) (float) schedule.rateAtEpoch(step / 3));
            }
            steps.increment();
        }
        assertThat(tracker.lastRate()).isEqualTo(schedule.rateAtEpoch(9));
        // A resume sets the counter to the checkpoint's steps: epoch 5 (0-based) is x0.1.
        steps.set(15);
        assertThat((double) tracker.getNewValue(1)).isEqualTo((double) (float) 1e-4);
        assertThatThrownBy(() -> steps.set(-1)).hasMessageContaining("steps");
    }
}
