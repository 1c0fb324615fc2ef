/** File primitives shared by the modules: atomic replacement and the one JSON configuration. */
package dev.labelsmooth.core.io;
