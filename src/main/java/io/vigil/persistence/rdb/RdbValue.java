package io.vigil.persistence.rdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value read from an RDB file or a DUMP payload, in generic form, with the RDB type it was stored as
 * (e.g. {@link Rdb#TYPE_HASH_LISTPACK} or {@link Rdb#TYPE_HASH}), which tells the encoding Redis had.
 *
 * <p>Collections are never empty (empty keys are skipped, as Redis does). Members of sets, fields of hashes and
 * members of sorted sets are unique (the reader rejects duplicates). Elements read from compact encodings that held
 * integers are given as their decimal text.
 */
public sealed interface RdbValue permits RdbValue.Str, RdbValue.ListValue, RdbValue.SetValue, RdbValue.HashValue,
        RdbValue.ZSetValue {

    /** The RDB type byte the value was stored with. */
    int rdbType();

    /** Number of elements (1 for a string). */
    int size();

    /** A string. */
    record Str(byte[] value, int rdbType) implements RdbValue {
        @Override
        public int size() {
            return 1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && Arrays.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Str[" + show(value) + "]";
        }
    }

    /** A list, head to tail. */
    record ListValue(List<byte[]> elements, int rdbType) implements RdbValue {
        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ListValue l && equalLists(elements, l.elements);
        }

        @Override
        public int hashCode() {
            return elements.size();
        }

        @Override
        public String toString() {
            return "List" + showAll(elements);
        }
    }

    /** A set, in stored order. */
    record SetValue(List<byte[]> members, int rdbType) implements RdbValue {
        @Override
        public int size() {
            return members.size();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetValue s && equalLists(members, s.members);
        }

        @Override
        public int hashCode() {
            return members.size();
        }

        @Override
        public String toString() {
            return "Set" + showAll(members);
        }
    }

    /** A hash as {field, value} pairs, in stored order. */
    record HashValue(List<byte[][]> pairs, int rdbType) implements RdbValue {
        @Override
        public int size() {
            return pairs.size();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof HashValue h) || h.pairs.size() != pairs.size()) {
                return false;
            }
            for (int i = 0; i < pairs.size(); i++) {
                if (!Arrays.equals(pairs.get(i)[0], h.pairs.get(i)[0]) || !Arrays.equals(pairs.get(i)[1], h.pairs.get(i)[1])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return pairs.size();
        }

        @Override
        public String toString() {
            List<byte[]> flat = new ArrayList<>();
            for (byte[][] p : pairs) {
                flat.add(p[0]);
                flat.add(p[1]);
            }
            return "Hash" + showAll(flat);
        }
    }

    /** A sorted set, in stored order (listpacks: ascending; skiplists as Redis writes them: descending). */
    record ZSetValue(List<ZSetEntry> entries, int rdbType) implements RdbValue {
        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ZSetValue z && entries.equals(z.entries);
        }

        @Override
        public int hashCode() {
            return entries.size();
        }

        @Override
        public String toString() {
            return "ZSet" + entries;
        }
    }

    private static boolean equalLists(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Bytes as printable text, non-printable bytes as {@code \xHH}, cut after 64 characters. */
    static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < b.length; i++) {
            if (sb.length() > 64) {
                sb.append("...(").append(b.length).append(" bytes)");
                break;
            }
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }

    private static String showAll(List<byte[]> l) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (i >= 20) {
                sb.append("... ").append(l.size()).append(" in all");
                break;
            }
            sb.append(show(l.get(i)));
        }
        return sb.append(']').toString();
    }
}
