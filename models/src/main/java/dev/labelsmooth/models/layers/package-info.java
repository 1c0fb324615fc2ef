/**
 * What every model family shares: the builder contract, Keras' he_normal initialiser, the
 * pre-activation building blocks, and a walk over a block's layers that counts multiply-adds.
 */
package dev.labelsmooth.models.layers;
