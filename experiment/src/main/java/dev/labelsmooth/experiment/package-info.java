/**
 * The experiment engine as a library: {@link dev.labelsmooth.experiment.Experiments} runs sweeps
 * and searches described by a {@link dev.labelsmooth.experiment.SweepRequest} and returns typed
 * results and report tables. The packages below hold one concept each: {@code sweep} (the
 * configuration), {@code shard}, {@code store} (the run directory), {@code device}, {@code runner},
 * {@code search} and {@code report}.
 */
package dev.labelsmooth.experiment;
