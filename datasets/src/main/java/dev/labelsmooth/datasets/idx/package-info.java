/** The IDX format of MNIST and Fashion-MNIST: one reader, two small descriptors. */
package dev.labelsmooth.datasets.idx;
