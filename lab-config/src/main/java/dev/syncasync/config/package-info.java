/**
 * Configuration as immutable records read from {@code config/*.yml}: defaults in code,
 * {@code LAB_*} environment overrides, and a {@link dev.syncasync.config.ConfigException}
 * naming the file, the field and the reason for anything invalid (exit code 2).
 */
package dev.syncasync.config;
