/**
 * CIFAR-style ResNets as in the Keras example {@code cifar10_resnet.py}: {@link
 * dev.labelsmooth.models.resnet.ResNetV1} (depth 6n+2) and {@link
 * dev.labelsmooth.models.resnet.ResNetV2} (depth 9n+2), with Keras' initialisation, BatchNorm
 * settings and L2 penalty.
 */
package dev.labelsmooth.models.resnet;
