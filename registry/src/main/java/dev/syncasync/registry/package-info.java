/**
 * The registry: a Hazelcast map of the running workers and a map holding the active
 * topology. The balancer runs the member and follows both maps; workers write their own
 * entry and keep it fresh.
 */
package dev.syncasync.registry;
