/** The entry point: reads the configuration, wires the layers together and runs the server. */
package io.vigil.cli;
