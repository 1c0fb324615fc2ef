/**
 * Running sweeps: validating the plan, the resume policy, training each cell, recording provenance,
 * device selection, logging and progress output. Files are written through {@link
 * dev.labelsmooth.cli.rundir}; the report is rendered by {@link dev.labelsmooth.cli.report}.
 */
package dev.labelsmooth.cli.run;
