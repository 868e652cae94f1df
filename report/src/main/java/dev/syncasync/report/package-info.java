/**
 * The lab's HTML and SVG: the demo's self-contained report (table, wave timelines, latency
 * distributions) and the building blocks the sweep's page shares with it (one HTML escaper,
 * one axis, a line chart). No scripts, no network: a report opens from disk.
 */
package dev.syncasync.report;
