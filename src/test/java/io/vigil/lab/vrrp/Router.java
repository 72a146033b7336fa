package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;

/** A VRRP router in a lab host: a Vigil daemon or a keepalived, driven the same way by the lab tests. */
public interface Router extends AutoCloseable {
    /** The state of a router that is not running. */
    String DOWN = "DOWN";

    String name();

    Lab.Host host();

    void start();

    boolean running();

    /** MASTER, BACKUP, FAULT, ... as the router reports it; {@link #DOWN} when not running. */
    String state(String instance);

    /** SIGKILL of every process of the router at once. */
    void killAll();

    /** SIGTERM (graceful stop), waiting for the exit. */
    void terminate();

    /** Everything the router logged so far. */
    String log();

    @Override
    void close();
}
