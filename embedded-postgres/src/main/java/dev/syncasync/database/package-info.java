/** The database behind {@code db=<ms>} when {@code db.url} names none: a real PostgreSQL on a free port. */
package dev.syncasync.database;
