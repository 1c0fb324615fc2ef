package dev.labelsmooth.experiment.sweep;

import static dev.labelsmooth.core.Checks.requireSetting;

import dev.labelsmooth.core.InvalidSettingException;

/**
 * The settings of a {@code search}: successive halving over the sweep's loss configurations.
 *
 * @param eta the reduction factor: each rung keeps the best {@code 1/eta}
 * @param minEpochs epochs of the first rung
 * @param baseline whether plain cross-entropy (γ = 1, β = 0, α = 0) is trained to the last epoch
 *     even when stopped, so the choice can be compared with it as in the paper's Table 3
 */
public record SearchSettings(int eta, int minEpochs, boolean baseline) {

    /** Checks the ranges, naming the option. */
    public SearchSettings {
        requireSetting(eta >= 2, "eta", ">= 2", eta);
        requireSetting(minEpochs >= 1, "minEpochs", ">= 1", minEpochs);
    }

    /**
     * Checks these settings against a run of {@code epochs} epochs.
     *
     * @throws IllegalArgumentException when {@code minEpochs} exceeds {@code epochs}
     */
    public void requireFits(int epochs) {
        if (minEpochs > epochs) {
            throw new InvalidSettingException(
                    "minEpochs",
                    "in [1, " + InvalidSettingException.quoted("epochs") + "=" + epochs + "]",
                    minEpochs);
        }
    }
}
