package io.vigil.persistence.rdb;

import java.util.Arrays;

/** One sorted-set member with its score. */
public record ZSetEntry(byte[] member, double score) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ZSetEntry e
                && Double.compare(score, e.score) == 0
                && Arrays.equals(member, e.member);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(member) * 31 + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return RdbValue.show(member) + "=" + score;
    }
}
