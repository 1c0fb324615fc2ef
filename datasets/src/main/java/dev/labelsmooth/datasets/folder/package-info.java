/**
 * Image-folder data sets: one folder per class, with or without a train/test level, checked,
 * decoded once per run into uint8 and identified by a manifest of every file's SHA-256.
 */
package dev.labelsmooth.datasets.folder;
