package io.vigil.lb;

/**
 * One step of a {@link Plan}: what a back end must do to move from the current state to the desired one.
 * Editing a server covers weight changes, including weight 0 (drain: existing connections keep going).
 */
public sealed interface Change {
    ServiceKey service();

    /** Create the service (its servers follow as {@link AddServer}s). */
    record AddService(VirtualService settings) implements Change {
        public ServiceKey service() {
            return settings.key();
        }
    }

    /** Change scheduler, flags, persistence or ops of an existing service; {@code settings.servers()} is ignored. */
    record EditService(VirtualService before, VirtualService settings) implements Change {
        public ServiceKey service() {
            return settings.key();
        }
    }

    /** Delete the service and, with it, its servers. */
    record RemoveService(VirtualService before) implements Change {
        public ServiceKey service() {
            return before.key();
        }
    }

    record AddServer(ServiceKey service, RealServer server) implements Change {}

    record EditServer(ServiceKey service, RealServer before, RealServer server) implements Change {}

    /** Remove a server: new connections stop at once; existing ones are left to the back end (IPVS keeps them until they end). */
    record RemoveServer(ServiceKey service, RealServer before) implements Change {}
}
