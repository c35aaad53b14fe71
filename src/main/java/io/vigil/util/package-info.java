/** Small JDK-only helpers shared by the protocol, configuration and keyspace layers. */
package io.vigil.util;
