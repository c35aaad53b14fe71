package io.vigil.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** SLOWLOG: the most recent commands slower than {@code slowlog-log-slower-than} microseconds. */
public final class SlowLog {
    /** Redis keeps at most this many arguments of a logged command ... */
    static final int MAX_ARGC = 32;
    /** ... and at most this many bytes of each. */
    static final int MAX_ARG_LEN = 128;

    /** One slow command. */
    public record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String peer, String clientName) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    /** Records a command if it is slow enough; {@code threshold} < 0 disables, 0 logs everything. */
    void maybeLog(long threshold, int maxLen, long micros, byte[][] argv, Client c) {
        if (threshold < 0 || micros < threshold) {
            return;
        }
        List<byte[]> args = new ArrayList<>();
        int n = Math.min(argv.length, MAX_ARGC);
        for (int i = 0; i < n; i++) {
            if (i == MAX_ARGC - 1 && argv.length > MAX_ARGC) {
                args.add(("... (" + (argv.length - MAX_ARGC + 1) + " more arguments)").getBytes(StandardCharsets.UTF_8));
                break;
            }
            byte[] a = argv[i];
            if (a.length > MAX_ARG_LEN) {
                byte[] cut = new byte[MAX_ARG_LEN];
                System.arraycopy(a, 0, cut, 0, MAX_ARG_LEN);
                String more = "... (" + (a.length - MAX_ARG_LEN) + " more bytes)";
                byte[] m = more.getBytes(StandardCharsets.UTF_8);
                byte[] all = new byte[cut.length + m.length];
                System.arraycopy(cut, 0, all, 0, cut.length);
                System.arraycopy(m, 0, all, cut.length, m.length);
                a = all;
            }
            args.add(a);
        }
        String peer = c.connection() == null ? "" : c.connection().remoteAddress();
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, args, peer, c.name()));
        trim(maxLen);
    }

    /** Drops the oldest entries beyond {@code maxLen}. */
    void trim(int maxLen) {
        while (entries.size() > Math.max(0, maxLen)) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries, newest first. */
    public List<Entry> newest(int count) {
        List<Entry> out = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && out.size() < count) {
            out.add(it.next());
        }
        return out;
    }

    /** Entries held. */
    public int size() {
        return entries.size();
    }

    /** SLOWLOG RESET. */
    public void reset() {
        entries.clear();
    }
}
