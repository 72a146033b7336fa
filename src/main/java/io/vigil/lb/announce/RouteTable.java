package io.vigil.lb.announce;

/** Where announced routes go: the kernel ({@link KernelRouteTable}), or memory in tests. */
public interface RouteTable {
    /** Adds the route, or replaces one with the same address, table and metric. */
    void add(HostRoute route);

    /** Removes the route if it is there. */
    void remove(HostRoute route);
}
