/**
 * The default data set shipped inside the jar: a stratified real Fashion-MNIST subset (6,000
 * training and 1,000 test images) from Debian's {@code dataset-fashion-mnist}, MIT licence.
 */
package dev.labelsmooth.datasets.embedded;
