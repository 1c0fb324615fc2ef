/** Wide ResNets for small images (Zagoruyko and Komodakis, 2016). */
package dev.labelsmooth.models.wideresnet;
