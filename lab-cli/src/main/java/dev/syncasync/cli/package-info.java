/** The {@code ./lab} command: one entry point that dispatches to up, worker, demo and bench. */
package dev.syncasync.cli;
