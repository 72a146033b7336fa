package io.vigil.vrrp;

/**
 * Gratuitous ARP / unsolicited NA after becoming MASTER (keepalived defaults: 5 at once, 5 more 5 s later, no
 * refresh). {@code refreshMillis} 0 turns the periodic refresh off.
 */
public record GarpSettings(int masterRepeat, long masterDelayMillis, long refreshMillis, int refreshRepeat) {
    public static final GarpSettings KEEPALIVED_DEFAULTS = new GarpSettings(5, 5_000, 0, 1);
}
