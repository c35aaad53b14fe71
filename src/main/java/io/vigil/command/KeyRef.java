package io.vigil.command;

import java.util.Arrays;

/** A key in a given database, usable as a hash key (WATCH and blocking bookkeeping). */
public record KeyRef(int db, byte[] key) {
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRef k && k.db == db && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * db + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return db + ":" + Repr.quote(key);
    }
}
