/**
 * What every entry point of the lab shares: picocli commands with {@code --help} and
 * {@code --version}, one option syntax, and the exit codes 0 (done), 1 (failed at run time) and
 * 2 (fix the command line, the config or a prerequisite first).
 */
package dev.syncasync.commandline;
