package io.vigil.vrrp;

/**
 * A {@code track_bfd} entry (keepalived 2.2.7's vrrp_handle_bfd_event). Weight 0: FAULT while the session is down (up
 * with {@code reverse}). Otherwise a positive weight is added while the session is up, a negative one while it is
 * down, and {@code reverse} negates the weight. Sessions count as down until their first Up.
 */
public record TrackedBfd(String name, int weight, boolean reverse) {
    /** The priority change this session's state makes. */
    public int contribution(boolean up) {
        if (weight == 0) return 0;
        int c = weight > 0 ? (up ? weight : 0) : (up ? 0 : weight);
        return reverse ? -c : c;
    }

    /** Whether this state puts the instance in FAULT. */
    public boolean faults(boolean up) {
        return weight == 0 && up == reverse;
    }
}
