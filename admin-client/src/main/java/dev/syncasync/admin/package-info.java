/**
 * The one client of the balancer's admin API: {@code GET /admin/workers} read into records, so the
 * simulations, the experiments and the tests see the lab the same way.
 */
package dev.syncasync.admin;
