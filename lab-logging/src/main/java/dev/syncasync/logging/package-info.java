/**
 * Logging for every JVM of the lab: SLF4J with Logback ({@code logback.xml} in this module), with
 * Vert.x, Hazelcast, java.util.logging and docker-java routed to it.
 */
package dev.syncasync.logging;
