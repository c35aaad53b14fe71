package io.vigil.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The DUMP / RESTORE serialization of one value: {@code <RDB type><value><RDB version, 2 bytes LE><CRC-64 of
 * everything before, 8 bytes LE>}, as Redis 7.0 produces (version 10) and accepts (versions up to 10).
 *
 * <pre>{@code
 * byte[] payload = DumpPayload.create(w -> w.writeHashValue(pairs));
 * RdbValue value = DumpPayload.parse(payload);   // throws InvalidPayload with Redis's error text
 * }</pre>
 */
public final class DumpPayload {
    private DumpPayload() {
    }

    /** Redis's reply when the version or checksum of a RESTORE payload is wrong. */
    public static final String ERR_VERSION_OR_CHECKSUM = "ERR DUMP payload version or checksum are wrong";
    /** Redis's reply when a RESTORE payload's value cannot be read. */
    public static final String ERR_BAD_DATA = "ERR Bad data format";

    /** Writes one value with the given {@link RdbWriter}. */
    @FunctionalInterface
    public interface ValueWriter {
        void write(RdbWriter writer) throws IOException;
    }

    /** A payload RESTORE must refuse. {@link #getMessage()} is Redis's error reply text; the cause tells why. */
    public static final class InvalidPayload extends RdbFormatException {
        private static final long serialVersionUID = 1L;

        InvalidPayload(String redisError, String reason, Throwable cause) {
            super(redisError, cause != null ? cause : new RdbFormatException(reason));
        }

        /** Why the payload was refused (more detail than Redis's reply). */
        public String reason() {
            return getCause().getMessage();
        }
    }

    /** A payload with default settings (compression on, Redis's default thresholds). */
    public static byte[] create(ValueWriter value) {
        return create(RdbThresholds.DEFAULTS, true, value);
    }

    /**
     * A payload: the value written by {@code value} (which must call exactly one {@code RdbWriter.write*Value}
     * method), the RDB version and the checksum.
     *
     * @param compression {@code rdbcompression}: Redis's DUMP compresses long strings when it is on
     */
    public static byte[] create(RdbThresholds thresholds, boolean compression, ValueWriter value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        RdbWriter w = new RdbWriter(bytes).thresholds(thresholds).compression(compression);
        try {
            value.write(w);
            w.writeByte(Rdb.VERSION & 0xff);
            w.writeByte((Rdb.VERSION >>> 8) & 0xff);
            long crc = w.crc();
            byte[] b = new byte[8];
            Bytes.putI64le(b, 0, crc);
            w.writeRaw(b);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** A payload of a value read earlier (re-encoded with default settings). */
    public static byte[] create(RdbValue value) {
        return create(w -> w.writeValue(value));
    }

    /**
     * Checks a payload's footer (version at most 10, CRC-64) and reads its value. As in Redis, the value is read from
     * the whole payload, footer included, and bytes after it are ignored. The value is checked as deeply as Redis
     * checks it with {@code sanitize-dump-payload yes}.
     *
     * @throws InvalidPayload with message {@link #ERR_VERSION_OR_CHECKSUM} or {@link #ERR_BAD_DATA}
     *                        (an empty collection is bad data too)
     */
    public static RdbValue parse(byte[] payload) throws InvalidPayload {
        verify(payload);
        // Like Redis, the value is read from the whole payload: bytes left after it are ignored.
        RdbReader r = RdbReader.forValue(payload, payload.length);
        try {
            int type = r.input().readByte();
            if (!RdbReader.isValueType(type)) {
                throw new RdbFormatException("unknown RDB value type " + type);
            }
            RdbValue v = r.readValue(type);
            if (v == null) {
                throw new RdbFormatException("empty collection");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            throw new InvalidPayload(ERR_BAD_DATA, e.getMessage(), e);
        }
    }

    /** Checks only the footer: length, version and checksum. */
    public static void verify(byte[] payload) throws InvalidPayload {
        if (payload.length < 10) {
            throw new InvalidPayload(ERR_VERSION_OR_CHECKSUM, "payload shorter than its 10-byte footer", null);
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > Rdb.VERSION) {
            throw new InvalidPayload(ERR_VERSION_OR_CHECKSUM, "payload RDB version " + version + " is newer than "
                    + Rdb.VERSION, null);
        }
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        long stored = Bytes.i64le(payload, payload.length - 8);
        if (crc != stored) {
            throw new InvalidPayload(ERR_VERSION_OR_CHECKSUM, String.format("payload checksum %016x, computed %016x",
                    stored, crc), null);
        }
    }

    /** The RDB version recorded in a payload's footer (no checks beyond its length). */
    public static int version(byte[] payload) {
        if (payload.length < 10) {
            return -1;
        }
        int footer = payload.length - 10;
        return (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
    }
}
