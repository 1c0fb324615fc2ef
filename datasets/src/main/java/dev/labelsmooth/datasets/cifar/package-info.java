/** The binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, 2009). */
package dev.labelsmooth.datasets.cifar;
