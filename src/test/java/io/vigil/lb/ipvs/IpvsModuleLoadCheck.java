package io.vigil.lb.ipvs;

/** Runs INSIDE the guest (see {@link IpvsGuestTest}): opens IPVS on a kernel where ip_vs is not loaded yet. */
public final class IpvsModuleLoadCheck {
    public static void main(String[] args) {
        try (IpvsKernel k = IpvsKernel.open().orElseThrow(() -> new AssertionError("IPVS not available even after modprobe"))) {
            System.out.println("IPVS version " + k.info().versionString());
        }
    }
}
