package io.vigil.netlink;

/**
 * What the netlink reflector reports about links and addresses. Link state follows keepalived: a link is up
 * when it is both administratively up and running (IFF_UP and IFF_RUNNING, i.e. carrier present).
 */
public sealed interface NetlinkEvent {
    /** A new interface appeared (its state is in {@code link}; no LinkUp/LinkDown follows for this appearance). */
    record LinkAdded(Link link) implements NetlinkEvent {}

    /** An interface became usable (IFF_UP and IFF_RUNNING). */
    record LinkUp(Link link) implements NetlinkEvent {}

    /** An interface stopped being usable (admin down or carrier lost). */
    record LinkDown(Link link) implements NetlinkEvent {}

    /** An interface's name, MAC or MTU changed while its up/down state did not. */
    record LinkChanged(Link previous, Link link) implements NetlinkEvent {}

    /** An interface was deleted. */
    record LinkRemoved(Link link) implements NetlinkEvent {}

    record AddressAdded(IfAddress address) implements NetlinkEvent {}

    record AddressRemoved(IfAddress address) implements NetlinkEvent {}
}
