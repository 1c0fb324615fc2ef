/** Where a result came from: tool, library and runtime versions, device, configuration. */
package dev.labelsmooth.core.provenance;
