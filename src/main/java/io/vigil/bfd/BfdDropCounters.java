package io.vigil.bfd;

import io.vigil.net.EnumCounters;

/** Dropped control packets counted by reason (written by the BFD thread, readable from any thread). */
public final class BfdDropCounters extends EnumCounters<BfdDropReason> {
    public BfdDropCounters() {
        super(BfdDropReason.class);
    }
}
