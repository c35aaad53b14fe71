/**
 * Small JDK-only helpers shared by the protocol, configuration and keyspace layers: Redis's glob matching,
 * argument splitting with Redis's quoting rules, and number parsing and formatting as Redis does it.
 */
package io.vigil.util;
