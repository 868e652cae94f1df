/**
 * {@code ./lab sweep} and {@code ./lab chaos}: the lab as containers, created, measured, broken
 * and removed through the Docker API (docker-java), one labelled run at a time.
 */
package dev.syncasync.experiments;
