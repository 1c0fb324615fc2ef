/** Pre-activation ResNets with a 3x3 stem for small images (He et al., 2016). */
package dev.labelsmooth.models.preact;
