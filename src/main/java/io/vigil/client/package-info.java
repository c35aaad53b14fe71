/**
 * A blocking RESP2 client for Vigil's own tools ({@code bin/vigil}, the sentinel's status page), which watch
 * servers and sentinels only over the wire, as an operator's tools would. The servers' replication links and the
 * sentinels' links to instances use their own asynchronous Netty clients.
 */
package io.vigil.client;
