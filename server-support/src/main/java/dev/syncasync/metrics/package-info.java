/** The Prometheus registry and the meters both workers publish under the same names. */
package dev.syncasync.metrics;
