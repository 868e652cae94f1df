/** What a simulation run measured, read the same way by every consumer of its results. */
package dev.syncasync.measurements;
