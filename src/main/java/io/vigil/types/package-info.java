/**
 * The data types other than strings: lists, hashes, sets and sorted sets, each in a compact form for
 * small values (as Redis's listpack and intset) converted to a general form past the configured limits.
 * Types know nothing of commands, replication or the network; they report their memory through
 * {@link io.vigil.keyspace.Sized}.
 */
package io.vigil.types;
