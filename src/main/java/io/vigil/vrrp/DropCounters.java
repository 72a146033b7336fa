package io.vigil.vrrp;

import io.vigil.net.EnumCounters;

/** Dropped adverts counted by reason (written by the VRRP thread, readable from any thread). */
public final class DropCounters extends EnumCounters<DropReason> {
    public DropCounters() {
        super(DropReason.class);
    }
}
