package io.vigil.vrrp;

/**
 * Gratuitous ARP / unsolicited NA: {@code masterRepeat} at once after becoming MASTER and again {@code masterDelayMillis}
 * later; {@code lowerPrioRepeat} at once (and again {@code lowerPrioDelayMillis} later) when, as MASTER, an advert of
 * lower priority arrives; {@code refreshRepeat} every {@code refreshMillis} while MASTER (0: no refresh);
 * {@code garpIntervalMicros} / {@code naIntervalMicros} between two messages on one interface (0: back to back).
 */
public record GarpSettings(int masterRepeat, long masterDelayMillis, long refreshMillis, int refreshRepeat,
                           int lowerPrioRepeat, long lowerPrioDelayMillis, long garpIntervalMicros, long naIntervalMicros) {
    /** keepalived's defaults: 5 at once, 5 more 5 s later, the same after a lower-priority advert, no refresh, no pause. */
    public static final GarpSettings KEEPALIVED_DEFAULTS = new GarpSettings(5, 5_000, 0, 1);

    /** The lower-priority burst as the MASTER burst (keepalived's default), no pauses. */
    public GarpSettings(int masterRepeat, long masterDelayMillis, long refreshMillis, int refreshRepeat) {
        this(masterRepeat, masterDelayMillis, refreshMillis, refreshRepeat, masterRepeat, masterDelayMillis, 0, 0);
    }
}
