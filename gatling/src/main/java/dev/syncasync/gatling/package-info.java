/**
 * The Gatling simulations of the reference arguments, each asserting the queueing theory's
 * prediction for the running lab, and {@code RunSimulation}, which calibrates and runs them.
 */
package dev.syncasync.gatling;
