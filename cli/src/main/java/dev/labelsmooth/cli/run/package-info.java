/** Running sweeps: device selection, the run directory's files, progress output and the runner. */
package dev.labelsmooth.cli.run;
