/** Batch-level data augmentation as NDArray operations: random shift and horizontal flip. */
package dev.labelsmooth.datasets.augment;
