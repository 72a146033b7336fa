package io.vigil.vrrp;

/**
 * A {@code track_process} entry of an instance (or of its sync group). Weight 0: no quorum means FAULT (with
 * {@code reverse}: a quorum means FAULT). Otherwise, as track_script: a positive weight is added while the quorum holds,
 * a negative one while it does not ({@code weight N reverse} arrives here as -N).
 */
public record TrackedProcess(String name, int weight, boolean reverse) {
}
