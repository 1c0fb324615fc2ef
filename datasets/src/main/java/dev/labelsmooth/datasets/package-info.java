/**
 * Image classification data sets as DJL {@link ai.djl.training.dataset.RandomAccessDataset}s: uint8
 * images in memory, batches built, normalised and augmented as whole NDArrays.
 */
package dev.labelsmooth.datasets;
