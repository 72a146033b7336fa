package io.vigil.check;

/**
 * The checkers' output: called with the whole desired pool of a virtual server each time it changes (and once
 * at start). Calls come from one thread, in order; implementations should not block for long.
 */
@FunctionalInterface
public interface PoolListener {
    void onPoolChanged(VirtualServerKey vs, DesiredPool pool);

    /** A reload removed this virtual server: the checkers will say no more about it. */
    default void onVirtualServerRemoved(VirtualServerKey vs) {}
}
