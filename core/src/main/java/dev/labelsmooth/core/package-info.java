/** Types shared by every labelsmooth module: argument checks. */
package dev.labelsmooth.core;
