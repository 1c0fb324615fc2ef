/** Image classifiers for the label-smoothing study, built as DJL blocks. */
package dev.labelsmooth.models;
