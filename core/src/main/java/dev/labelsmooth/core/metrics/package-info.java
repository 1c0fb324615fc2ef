/** Validation metrics: accuracy, negative log-likelihood and expected calibration error. */
package dev.labelsmooth.core.metrics;
