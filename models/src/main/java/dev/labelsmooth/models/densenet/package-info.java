/** DenseNet-BC for small images (Huang et al., 2017). */
package dev.labelsmooth.models.densenet;
