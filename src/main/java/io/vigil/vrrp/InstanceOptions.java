package io.vigil.vrrp;

/**
 * keepalived's per-instance options that change what a MASTER sends when it hears another router (the daemon resolves
 * them from the instance and global_defs).
 *
 * @param lowerPrioNoAdvert    {@code lower_prio_no_advert}: a lower-priority advert is not answered at once with ours
 *                             (keepalived's default, and RFC 5798's, is to answer: "forcing new election")
 * @param higherPrioSendAdvert {@code higher_prio_send_advert}: before yielding to a higher priority, send one advert of
 *                             ours (so a peer that cannot hear us otherwise learns that we were MASTER)
 */
public record InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert) {
    public static final InstanceOptions KEEPALIVED_DEFAULTS = new InstanceOptions(false, false);
}
