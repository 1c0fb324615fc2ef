/** The training recipe's pieces that DJL does not ship: an L2 penalty on chosen parameters. */
package dev.labelsmooth.core.training;
