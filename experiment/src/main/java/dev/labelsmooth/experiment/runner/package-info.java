/**
 * Running sweeps: validating the plan, the resume policy, training each cell, recording provenance
 * and a run's status. Which cells train is a {@link dev.labelsmooth.experiment.runner.CellSchedule}
 * (every cell, or a search's rungs); progress reaches a {@link
 * dev.labelsmooth.experiment.runner.SweepListener}. Files are written through {@link
 * dev.labelsmooth.experiment.store}.
 */
package dev.labelsmooth.experiment.runner;
