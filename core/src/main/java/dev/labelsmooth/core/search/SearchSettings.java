package dev.labelsmooth.core.search;

import static dev.labelsmooth.core.Checks.require;

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
        require(eta >= 2, "--eta", ">= 2", eta);
        require(minEpochs >= 1, "--min-epochs", ">= 1", minEpochs);
    }

    /**
     * The halving of a run of {@code epochs} epochs.
     *
     * @throws IllegalArgumentException when {@code --min-epochs} exceeds {@code epochs}
     */
    public SuccessiveHalving halving(int epochs) {
        return new SuccessiveHalving(epochs, minEpochs, eta);
    }
}
