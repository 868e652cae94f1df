/**
 * The {@code ./lab} command: {@link dev.syncasync.cli.LabMain} and one class per subcommand
 * (up, worker, completion here; demo, gatling, plan, bench, sweep and chaos in their modules).
 */
package dev.syncasync.cli;
