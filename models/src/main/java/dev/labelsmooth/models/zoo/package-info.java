/**
 * The image classifiers of DJL's basic model zoo ({@code ai.djl:model-zoo}) behind this project's
 * builder contract, with the input sizes each one can take.
 */
package dev.labelsmooth.models.zoo;
