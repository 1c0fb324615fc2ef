/** The Visual Domain Decathlon (Rebuffi et al., 2017): COCO-style annotations and image files. */
package dev.labelsmooth.datasets.decathlon;
