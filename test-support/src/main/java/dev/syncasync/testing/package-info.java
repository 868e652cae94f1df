/**
 * What the modules' tests share: the contract every worker kind must honour, bursts and bounded
 * loads of real requests, child JVMs and a raw HTTP client.
 */
package dev.syncasync.testing;
