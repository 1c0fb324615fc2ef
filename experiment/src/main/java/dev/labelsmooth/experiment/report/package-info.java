/** Reports rendered from a run directory's files alone: Markdown, summary CSV and plots. */
package dev.labelsmooth.experiment.report;
