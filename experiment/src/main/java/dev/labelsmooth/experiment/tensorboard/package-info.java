/**
 * A study as TensorBoard sees it: one run per cell ({@code <data
 * set>/<model>/<configuration>/seed-N}), its epochs as scalars, and the HParams plugin's records
 * with each configuration as the group of its seeds; written while a sweep trains, or exported from
 * any run directory.
 */
package dev.labelsmooth.experiment.tensorboard;
