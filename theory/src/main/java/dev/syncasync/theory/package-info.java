/**
 * The queueing theory the lab's measurements are held against: batches on c slots (exact
 * waves), closed loops (Little's law), open Poisson arrivals (Erlang C, with the usual
 * halving for deterministic service), and CPU-bound work on P cores.
 */
package dev.syncasync.theory;
