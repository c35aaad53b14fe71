package io.vigil.persistence;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.types.HashValue;
import io.vigil.types.ListValue;
import io.vigil.types.SetValue;
import io.vigil.types.ZSetValue;
import io.vigil.util.Numbers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis 7.0's order-independent SHA-1 digest of a dataset, so that a Vigil
 * dataset and a Redis dataset with the same content print the same 40 hex digits.
 *
 * <p>The scheme, as Redis defines it: {@code xor(d, s)} xors SHA1(s) into the 20-byte digest d; {@code mix(d, s)} is
 * {@code xor(d, s)} then {@code d = SHA1(d)}. Per key, starting from zeros: mix the key, mix the type number
 * (string 0, list 1, set 2, zset 3, hash 4, as a big-endian 32-bit int), then the value: a string is mixed; list
 * elements are mixed in order; set members are xored (order-free); each hash field and each sorted-set member gets
 * its own digest (from zeros: mix field then value, or member then the score as {@code %.17g}) that is xored in
 * (its SHA-1, as every xor here);
 * a key with an expire xors {@code "!!expire!!"}. The dataset digest starts from zeros and, for each non-empty
 * database, mixes the database number (big-endian 32-bit) and xors in (the SHA-1 of) every key's digest. Logically expired keys
 * still in memory count, as in Redis. An empty dataset gives 40 zeros.
 */
public final class Digest {

    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha;
    private final byte[] hash = new byte[20];

    private Digest() {
        try {
            sha = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DEBUG DIGEST: the dataset digest in hex (40 zeros for an empty dataset). */
    public static String dataset(Keyspace ks) {
        Digest d = new Digest();
        byte[] fin = new byte[20];
        byte[] kd = new byte[20];
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0) {
                continue;
            }
            d.mix(fin, int32(i));
            db.forEach(e -> {
                Arrays.fill(kd, (byte) 0);
                d.mix(kd, e.key);
                d.object(kd, e.value, e.hasExpire());
                d.xor(fin, kd);
            });
        }
        return HexFormat.of().formatHex(fin);
    }

    /** DEBUG DIGEST-VALUE for one key: the value's digest in hex, or 40 zeros when {@code e} is null. */
    public static String value(KeyEntry e) {
        byte[] out = new byte[20];
        if (e != null) {
            new Digest().object(out, e.value, e.hasExpire());
        }
        return HexFormat.of().formatHex(out);
    }

    /** Redis's xorObjectDigest: type, value, expire flag. */
    private void object(byte[] digest, Object value, boolean hasExpire) {
        if (value instanceof byte[] s) {
            mix(digest, int32(0));
            mix(digest, s);
        } else if (value instanceof ListValue l) {
            mix(digest, int32(1));
            for (byte[] el : l.toArray()) {
                mix(digest, el);
            }
        } else if (value instanceof SetValue s) {
            mix(digest, int32(2));
            for (var it = s.iterator(); it.hasNext(); ) {
                xor(digest, it.next());
            }
        } else if (value instanceof ZSetValue z) {
            mix(digest, int32(3));
            byte[] ed = new byte[20];
            z.forEach((buf, off, len, score) -> {
                Arrays.fill(ed, (byte) 0);
                mix(ed, buf, off, len);
                mix(ed, Numbers.formatDouble(score).getBytes(StandardCharsets.US_ASCII));
                xor(digest, ed);
            });
        } else if (value instanceof HashValue h) {
            mix(digest, int32(4));
            byte[] ed = new byte[20];
            HashValue.Entries it = h.entries();
            while (it.next()) {
                Arrays.fill(ed, (byte) 0);
                mix(ed, it.fieldArray, it.fieldOffset, it.fieldLength);
                mix(ed, it.valueArray, it.valueOffset, it.valueLength);
                xor(digest, ed);
            }
        } else {
            throw new IllegalArgumentException("unknown value type " + value);
        }
        if (hasExpire) {
            xor(digest, EXPIRE_MARK);
        }
    }

    private void xor(byte[] digest, byte[] s) {
        xor(digest, s, 0, s.length);
    }

    private void xor(byte[] digest, byte[] s, int off, int len) {
        sha.update(s, off, len);
        sha1Into(hash);
        xorInto(digest, hash);
    }

    private void mix(byte[] digest, byte[] s) {
        mix(digest, s, 0, s.length);
    }

    private void mix(byte[] digest, byte[] s, int off, int len) {
        xor(digest, s, off, len);
        sha.update(digest, 0, 20);
        sha1Into(digest);
    }

    private void sha1Into(byte[] out) {
        try {
            sha.digest(out, 0, 20);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void xorInto(byte[] digest, byte[] h) {
        for (int j = 0; j < 20; j++) {
            digest[j] ^= h[j];
        }
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
