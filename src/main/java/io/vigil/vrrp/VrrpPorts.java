package io.vigil.vrrp;

/** The kernel-side ports the runtime needs (real ones in io.vigil.vrrp.kernel, fakes in tests). */
public record VrrpPorts(AdvertChannel channel, AddressManager addresses, Announcer announcer, LinkStateSource links, ScriptRunner scripts) {
}
