/** Training-throughput benchmark through the sweep's own code path. */
package dev.labelsmooth.experiment.bench;
