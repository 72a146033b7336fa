package io.vigil.vrrp;

import java.util.Objects;

/**
 * keepalived's {@code use_vmac_addr}: a VMAC made for addresses of the instance that live on another interface than its
 * own, or are of the other family: {@code vmac} on {@code base}, with the virtual router MAC of {@code family}.
 */
public record AddressVmac(Vmac vmac, String base, AddressFamily family) {
    public AddressVmac {
        Objects.requireNonNull(vmac);
        Objects.requireNonNull(base);
        Objects.requireNonNull(family);
    }
}
