/**
 * The run directory's schema, owned in one place: every file's columns and row records (read and
 * written through commons-csv), number formatting, the cell status, {@code provenance.json} with
 * its schema version, and the directory's layout. Reports and the sweep depend on this package; it
 * depends on neither.
 */
package dev.labelsmooth.experiment.store;
