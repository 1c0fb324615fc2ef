/** The {@code labelsmooth} command line (picocli): entry point, commands and exit codes. */
package dev.labelsmooth.cli;
