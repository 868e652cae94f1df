/**
 * The work contract both workers implement byte for byte: {@code GET /work?io=&cpu=}, its
 * parsing and 400s, the CPU burner, the JSON result and the shared header names.
 */
package dev.syncasync.work;
