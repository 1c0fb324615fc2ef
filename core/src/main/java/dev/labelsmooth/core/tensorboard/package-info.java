/**
 * TensorBoard event files written without TensorFlow: TFRecord framing with masked CRC-32C, the
 * {@code Event} and {@code Summary} messages of TensorBoard's protos encoded by hand, scalar
 * summaries, the HParams plugin's experiment and session records, and a DJL {@code
 * TrainingListener} that any DJL application can add to its trainer.
 */
package dev.labelsmooth.core.tensorboard;
