/**
 * Logs in Redis's format ({@code 1234:M 25 Nov 2026 01:02:03.456 * Ready to accept connections tcp}):
 * a Logback layout and the set-up that applies {@code loglevel} and {@code logfile}. Code logs through
 * SLF4J; the level characters map as TRACE {@code .} (debug), DEBUG {@code -} (verbose), INFO {@code *}
 * (notice), WARN and ERROR {@code #} (warning).
 */
package io.vigil.logging;
