/**
 * The RDB file format of Redis 7.0 (RDB version 10), independent of Vigil's in-memory data types.
 *
 * <ul>
 *   <li>{@link io.vigil.persistence.rdb.RdbWriter} writes a snapshot from values given in generic form
 *       ({@code byte[]} strings, lists of {@code byte[]}, field/value pairs, {@link io.vigil.persistence.rdb.ZSetEntry}),
 *       choosing the compact encodings (listpack, intset) by {@link io.vigil.persistence.rdb.RdbThresholds}
 *       as Redis would, and compressing strings with LZF when asked.</li>
 *   <li>{@link io.vigil.persistence.rdb.RdbReader} reads every encoding Redis 7.0 writes or loads (RDB versions 1
 *       to 10) and hands the data to an {@link io.vigil.persistence.rdb.RdbVisitor}. Corrupt input ends in an
 *       {@link io.vigil.persistence.rdb.RdbFormatException} with the reason; allocations are bounded by the input.</li>
 *   <li>{@link io.vigil.persistence.rdb.DumpPayload} builds and checks the DUMP / RESTORE payload
 *       ({@code <type><value><RDB version, 2 bytes LE><CRC64, 8 bytes LE>}).</li>
 *   <li>{@link io.vigil.persistence.rdb.Crc64} is Redis's CRC-64 (Jones polynomial, reflected).</li>
 * </ul>
 *
 * <p>Layout facts used here come from the public descriptions of the RDB, listpack, ziplist, intset and zipmap
 * formats; compatibility is checked against real Redis 7.0 ({@code redis-check-rdb}, loading files, DUMP/RESTORE).
 */
package io.vigil.persistence.rdb;
