/**
 * The experiment model of a label-smoothing sweep: its resolved configuration, the grid of cells
 * (data set x model x gamma x seed), their seeds and results.
 */
package dev.labelsmooth.experiment.sweep;
