/**
 * What every reader produces and shares: labelled uint8 images in memory, stratified subsets of
 * them, and the exception that names a bad data file.
 */
package dev.labelsmooth.datasets.images;
