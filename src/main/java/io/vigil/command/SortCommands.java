package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.types.HashValue;
import io.vigil.types.ListValue;
import io.vigil.types.SetValue;
import io.vigil.types.ZSetValue;
import io.vigil.util.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO over lists, sets and sorted sets, as Redis 7.0's sort.c: BY pattern (with {@code ->field}
 * hash dereference, or without {@code *} for no sorting), LIMIT, GET patterns ({@code #} for the element),
 * ASC/DESC, ALPHA and (SORT only) STORE into a list.
 *
 * <p>Ordering as Redis: numeric sorting breaks ties by comparing the elements' bytes, so it is fully
 * determined; ALPHA compares bytes (Redis's strcoll in the C locale, which stops at a NUL byte, or its
 * binary comparison with STORE); elements ALPHA-equal keep the order they were loaded in (Redis's qsort is
 * glibc's stable merge sort). Redis loads a hashtable-encoded set or a sorted set in hash-table order, which
 * is random, so only lists, intsets and sorted-set BY-nosort output have an order to reproduce there.
 * One known difference: with BY pattern and a LIMIT narrower than the input Redis uses a partial quicksort,
 * which is not stable, so ALPHA BY ties may come out in another order than here.
 */
final class SortCommands {
    private SortCommands() {
    }

    static void register(CommandTable t) {
        String complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
                + "number of returned elements. When the elements are not sorted, complexity is O(N).";
        t.add(CommandSpec.of("sort", -2, "write denyoom", 1, 1, 1, SortCommands::sort)
                .acl("@set @sortedset @list @dangerous")
                .keys(SortCommands::sortKeys)
                .modifies(SortCommands::storeKey)
                .doc("generic", "1.0.0", complexity,
                        "Sorts the elements of a list, a set or a sorted set, optionally storing the result.")
                .args("key", "[BY pattern]", "[LIMIT offset count]", "[GET pattern [GET pattern ...]]",
                        "[ASC | DESC]", "[ALPHA]", "[STORE destination]"));
        t.add(CommandSpec.of("sort_ro", -2, "readonly", 1, 1, 1, SortCommands::sortRo)
                .acl("@set @sortedset @list @dangerous")
                .doc("generic", "7.0.0", complexity,
                        "Sorts the elements of a list, a set or a sorted set (read-only variant of SORT).")
                .args("key", "[BY pattern]", "[LIMIT offset count]", "[GET pattern [GET pattern ...]]",
                        "[ASC | DESC]", "[ALPHA]"));
    }

    /**
     * Redis's sortGetKeys: the sorted key and the last STORE destination. Unknown words are taken to have no
     * argument; LIMIT, GET and BY skip theirs (so a STORE right after GET is GET's pattern).
     */
    private static int[] sortKeys(byte[][] argv) {
        int store = storePosition(argv);
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    /** What SORT writes: the STORE destination only (the sorted key and pattern keys are read). */
    private static int[] storeKey(byte[][] argv) {
        int store = storePosition(argv);
        return store < 0 ? new int[0] : new int[] {store};
    }

    private static int storePosition(byte[][] argv) {
        int found = -1;
        for (int i = 2; i < argv.length; i++) {
            if (Args.is(argv[i], "limit")) {
                i += 2;
            } else if (Args.is(argv[i], "get") || Args.is(argv[i], "by")) {
                i += 1;
            } else if (Args.is(argv[i], "store") && i + 1 < argv.length) {
                found = i + 1;
            }
        }
        return found;
    }

    /** One element to sort: the element, its numeric score and its ALPHA comparison value (BY). */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    /** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] [STORE destination] */
    static void sort(Client c, byte[][] argv) {
        sortGeneric(c, argv, false);
    }

    /** SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] */
    static void sortRo(Client c, byte[][] argv) {
        sortGeneric(c, argv, true);
    }

    private static void sortGeneric(Client c, byte[][] argv, boolean readOnly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontSort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortBy = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (Args.is(a, "asc")) {
                desc = false;
            } else if (Args.is(a, "desc")) {
                desc = true;
            } else if (Args.is(a, "alpha")) {
                alpha = true;
            } else if (Args.is(a, "limit") && left >= 2) {
                Long start = Args.longArg(c, argv[j + 1], null);
                if (start == null) {
                    return;
                }
                Long count = Args.longArg(c, argv[j + 2], null);
                if (count == null) {
                    return;
                }
                limitStart = start;
                limitCount = count;
                j += 2;
            } else if (!readOnly && Args.is(a, "store") && left >= 1) {
                storeKey = argv[++j];
            } else if (Args.is(a, "by") && left >= 1) {
                sortBy = argv[++j];
                // a pattern without '*' (before any NUL, as Redis's strchr) means "do not sort"; it stays so
                // even if a later BY has one, as in Redis
                if (indexOf(sortBy, (byte) '*', 0) < 0) {
                    dontSort = true;
                }
            } else if (Args.is(a, "get") && left >= 1) {
                gets.add(argv[++j]);
            } else {
                c.reply().error(Args.SYNTAX);
                return;
            }
        }

        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        Object value = e == null ? null : e.value;
        if (value != null && !(value instanceof ListValue) && !(value instanceof SetValue)
                && !(value instanceof ZSetValue)) {
            c.reply().error(Engine.WRONGTYPE);
            return;
        }
        if (dontSort && value instanceof SetValue && storeKey != null) {
            // a set has no order of its own: what is stored (and replicated) must not depend on its layout
            dontSort = false;
            alpha = true;
            sortBy = null;
        }

        int length = value == null ? 0
                : value instanceof ListValue l ? l.size()
                : value instanceof SetValue s ? s.size()
                : ((ZSetValue) value).size();
        long start = limitStart < 0 ? 0 : limitStart;
        long end;
        if (limitCount < 0) {
            end = length - 1;
        } else {
            try {
                end = Math.addExact(start, limitCount - 1);
            } catch (ArithmeticException overflow) {
                end = Long.MAX_VALUE; // the range ends at the last element anyway
            }
        }
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }

        Item[] items = load(value, dontSort, desc, (int) start, (int) end);
        if (dontSort && (value instanceof ListValue || value instanceof ZSetValue) && end >= start) {
            // load() took only the range, in output order
            end -= start;
            start = 0;
        }

        boolean conversionError = false;
        if (!dontSort) {
            for (Item it : items) {
                byte[] by;
                if (sortBy != null) {
                    by = lookupByPattern(c, sortBy, it.element);
                    if (by == null) {
                        continue; // score 0, no ALPHA value
                    }
                } else {
                    by = it.element;
                }
                if (alpha) {
                    if (sortBy != null) {
                        it.by = by;
                    }
                } else {
                    double d = sortScore(by);
                    if (Double.isNaN(d)) {
                        conversionError = true;
                    } else {
                        it.score = d;
                    }
                }
            }
            Arrays.sort(items, comparator(alpha, sortBy != null, storeKey != null, desc));
        }

        long outputLength = end - start + 1;
        if (!gets.isEmpty()) {
            outputLength *= gets.size();
        }
        if (conversionError) {
            c.reply().error("ERR One or more scores can't be converted into double");
        } else if (storeKey == null) {
            c.reply().array((int) outputLength);
            for (long j = start; j <= end; j++) {
                byte[] element = items[(int) j].element;
                if (gets.isEmpty()) {
                    c.reply().bulk(element);
                }
                for (byte[] pattern : gets) {
                    byte[] v = lookupByPattern(c, pattern, element);
                    if (v == null) {
                        c.reply().nullBulk();
                    } else {
                        c.reply().bulk(v);
                    }
                }
            }
        } else {
            ListValue out = new ListValue((int) Math.max(0, outputLength));
            for (long j = start; j <= end; j++) {
                byte[] element = items[(int) j].element;
                if (gets.isEmpty()) {
                    out.pushTail(element);
                }
                for (byte[] pattern : gets) {
                    byte[] v = lookupByPattern(c, pattern, element);
                    out.pushTail(v == null ? EMPTY : v);
                }
            }
            if (outputLength > 0) {
                c.db().put(storeKey, out);
                c.engine().keyspaceEvent(KeyspaceEvents.LIST, "sortstore", storeKey, c.dbIndex());
                c.engine().addDirty(outputLength);
            } else if (c.db().delete(storeKey)) {
                c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "del", storeKey, c.dbIndex());
                c.engine().addDirty(1);
            }
            c.reply().integer(outputLength);
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /**
     * The elements to sort, as Redis loads them: with nothing to sort a list or sorted set gives only the
     * {@code start..end} range, walked from the tail for DESC; everything else gives all its elements
     * (list order, set iteration order, sorted-set rank order).
     */
    private static Item[] load(Object value, boolean dontSort, boolean desc, int start, int end) {
        if (value == null) {
            return new Item[0];
        }
        if (value instanceof ListValue l) {
            int n = l.size();
            if (dontSort) {
                if (end < start) {
                    return new Item[0];
                }
                Item[] items = new Item[end - start + 1];
                for (int i = 0; i < items.length; i++) {
                    items[i] = new Item(l.get(desc ? n - 1 - start - i : start + i));
                }
                return items;
            }
            byte[][] all = l.toArray();
            Item[] items = new Item[all.length];
            for (int i = 0; i < all.length; i++) {
                items[i] = new Item(all[i]);
            }
            return items;
        }
        if (value instanceof SetValue s) {
            Item[] items = new Item[s.size()];
            int i = 0;
            for (byte[] m : s) {
                items[i++] = new Item(m);
            }
            return items;
        }
        ZSetValue z = (ZSetValue) value;
        int n = z.size();
        int from = 0;
        int to = n;
        if (dontSort) {
            if (end < start) {
                return new Item[0];
            }
            from = desc ? n - 1 - end : start;
            to = desc ? n - start : end + 1;
        }
        Item[] items = new Item[to - from];
        int[] k = {0};
        z.visit(from, to, desc && dontSort, (b, off, len, score) -> items[k[0]++] =
                new Item(Arrays.copyOfRange(b, off, off + len)));
        return items;
    }

    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> cmp;
        if (!alpha) {
            cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element,
                    b.element);
        } else if (byPattern) {
            cmp = (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? Arrays.compareUnsigned(a.by, b.by) : compareC(a.by, b.by);
            };
        } else {
            cmp = (a, b) -> store ? Arrays.compareUnsigned(a.element, b.element) : compareC(a.element, b.element);
        }
        return desc ? cmp.reversed() : cmp;
    }

    /** C's strcmp (strcoll in the C locale): unsigned bytes up to the first NUL. */
    private static int compareC(byte[] a, byte[] b) {
        int la = indexOf(a, (byte) 0, 0);
        int lb = indexOf(b, (byte) 0, 0);
        return Arrays.compareUnsigned(a, 0, la < 0 ? a.length : la, b, 0, lb < 0 ? b.length : lb);
    }

    /**
     * The score Redis's SORT reads from a value: C's strtod over the text up to any NUL byte, leading
     * white space allowed, nothing after the number; an empty text is 0. NaN when it is not a number, is
     * NaN, or is out of range (overflow, or underflow including subnormal results).
     */
    static double sortScore(byte[] v) {
        int len = indexOf(v, (byte) 0, 0);
        if (len < 0) {
            len = v.length;
        }
        if (len == 0) {
            return 0; // strtod converts nothing and stops at the terminator: no error
        }
        int from = 0;
        while (from < len && isSpace(v[from])) {
            from++;
        }
        if (from == len) {
            return Double.NaN; // only spaces: strtod stops at the first one
        }
        double d;
        try {
            d = Numbers.parseDouble(from == 0 && len == v.length ? v : Arrays.copyOfRange(v, from, len));
        } catch (Numbers.NotANumber nan) {
            return Double.NaN;
        }
        if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
            return Double.NaN; // a subnormal result: strtod reports ERANGE
        }
        return d;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Redis's lookupKeyByPattern: {@code #} is the element itself; otherwise the first {@code *} is replaced
     * by the element and the key read (a string), or with {@code key*->field} the field of a hash. Null if
     * the pattern has no {@code *}, the key is missing or of another type, or the field is missing. Like
     * Redis's C strings, the search for {@code *} and {@code ->} stops at a NUL byte in the pattern.
     */
    private static byte[] lookupByPattern(Client c, byte[] pattern, byte[] element) {
        int cLength = indexOf(pattern, (byte) 0, 0);
        if (cLength < 0) {
            cLength = pattern.length;
        }
        if (cLength == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*', 0);
        if (star < 0 || star >= cLength) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < cLength; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int fieldLength = 0;
        byte[] field = null;
        if (arrow >= 0 && arrow + 2 < cLength) {
            fieldLength = pattern.length - arrow - 2;
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
        }
        int postfix = pattern.length - (star + 1) - (field != null ? fieldLength + 2 : 0);
        byte[] key = new byte[star + element.length + postfix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfix);
        KeyEntry e = c.engine().lookupRead(c, key);
        if (e == null) {
            return null;
        }
        if (field != null) {
            return e.value instanceof HashValue h ? h.get(field) : null;
        }
        return e.value instanceof byte[] s ? s : null;
    }
}
