/**
 * Small, dependency-free helpers shared by Vigil packages: Redis-compatible glob matching
 * ({@link io.vigil.util.Glob}) and Redis-style argument splitting and quoting
 * ({@link io.vigil.util.RedisArgs}).
 */
package io.vigil.util;
