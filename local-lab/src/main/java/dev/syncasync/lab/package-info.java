/**
 * A whole lab in one JVM: the balancer, the three pools and the registry's member, on this machine
 * with no Docker. {@code ./lab up}, the demo and the end-to-end tests start it.
 */
package dev.syncasync.lab;
