/** The label-smoothing cross-entropy as a DJL {@link ai.djl.training.loss.Loss}. */
package dev.labelsmooth.core.loss;
