package io.vigil.keyspace;

/**
 * Redis's LFU access counter, kept in the 24-bit {@link KeyEntry#lru()} field while an LFU policy
 * is active: the high 16 bits hold the last decrement time in minutes (modulo 2<sup>16</sup>), the
 * low 8 bits a logarithmic access counter (0..255).
 *
 * <ul>
 *   <li>New keys start at {@link #INIT_VAL} so they are not evicted before they had a chance to be
 *       used.</li>
 *   <li>On access the counter is first decayed by one for every {@code lfu-decay-time} minutes
 *       elapsed since the last decrement, then incremented with probability
 *       {@code 1 / ((counter - INIT_VAL) * lfu-log-factor + 1)} (always below INIT_VAL), saturating
 *       at 255.</li>
 *   <li>{@link #frequency(KeyEntry)} (OBJECT FREQ) is the decayed counter.</li>
 * </ul>
 */
public final class LfuCounter {

    /** Counter of a new key. */
    public static final int INIT_VAL = 5;
    /** Largest counter value. */
    public static final int MAX_COUNTER = 255;

    private final Clock clock;
    private final EvictionSettings settings;
    private final Rng rng;

    LfuCounter(Clock clock, EvictionSettings settings, Rng rng) {
        this.clock = clock;
        this.settings = settings;
        this.rng = rng;
    }

    /**
     * Current time in minutes, modulo 2<sup>16</sup>.
     *
     * @return minutes
     */
    public int minutes() {
        return (int) ((clock.millis() / 60_000) & 0xFFFF);
    }

    /**
     * The LFU field of a new key.
     *
     * @return {@code minutes() << 8 | INIT_VAL}
     */
    public int initialValue() {
        return (minutes() << 8) | INIT_VAL;
    }

    /**
     * Minutes elapsed since the stored decrement time, accounting for one wrap.
     *
     * @param ldt the 16-bit last-decrement time
     * @return minutes
     */
    public int elapsedMinutes(int ldt) {
        int now = minutes();
        return now >= ldt ? now - ldt : 65535 - ldt + now;
    }

    /**
     * The counter of an LFU field after applying the decay (does not modify anything).
     *
     * @param lfuField the 24-bit field
     * @return the decayed counter
     */
    public int decayedCounter(int lfuField) {
        int ldt = (lfuField >>> 8) & 0xFFFF;
        int counter = lfuField & 0xFF;
        int decay = settings.lfuDecayTime();
        if (decay > 0) {
            int periods = elapsedMinutes(ldt) / decay;
            counter = periods > counter ? 0 : counter - periods;
        }
        return counter;
    }

    /**
     * Applies one access: decay, logarithmic increment and new timestamp.
     *
     * @param lfuField the current field
     * @return the new field
     */
    public int touch(int lfuField) {
        int counter = decayedCounter(lfuField);
        counter = logIncr(counter, settings.lfuLogFactor(), rng.nextDouble());
        return (minutes() << 8) | counter;
    }

    /**
     * The probabilistic logarithmic increment.
     *
     * @param counter   the counter
     * @param logFactor {@code lfu-log-factor}
     * @param random    a uniform random number in [0, 1)
     * @return the counter, possibly incremented
     */
    public static int logIncr(int counter, int logFactor, double random) {
        if (counter >= MAX_COUNTER) {
            return MAX_COUNTER;
        }
        double base = counter - INIT_VAL;
        if (base < 0) {
            base = 0;
        }
        double p = 1.0 / (base * logFactor + 1);
        return random < p ? counter + 1 : counter;
    }

    /**
     * OBJECT FREQ: the decayed counter of an entry.
     *
     * @param e an entry
     * @return 0..255
     */
    public int frequency(KeyEntry e) {
        return decayedCounter(e.lru);
    }

    /**
     * The LFU field for a given counter at the current time (RESTORE ... FREQ).
     *
     * @param freq counter, clamped to 0..255
     * @return the field
     */
    public int valueForFrequency(int freq) {
        int c = Math.max(0, Math.min(MAX_COUNTER, freq));
        return (minutes() << 8) | c;
    }
}
