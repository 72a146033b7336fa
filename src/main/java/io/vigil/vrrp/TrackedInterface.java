package io.vigil.vrrp;

/**
 * A {@code track_interface} entry. Weight 0: the instance goes to FAULT while the link is down. Positive weight:
 * added to the priority while up; negative: added while down. {@code reverse} swaps up and down.
 */
public record TrackedInterface(String name, int weight, boolean reverse) {
    public static TrackedInterface of(String name) {
        return new TrackedInterface(name, 0, false);
    }
}
