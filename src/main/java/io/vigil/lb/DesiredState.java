package io.vigil.lb;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every virtual service Vigil wants, in configuration order. Keys must be unique. */
public record DesiredState(List<VirtualService> services) {
    public static final DesiredState EMPTY = new DesiredState(List.of());

    public DesiredState {
        services = services == null ? List.of() : List.copyOf(services);
        Set<ServiceKey> seen = new HashSet<>();
        for (VirtualService s : services)
            if (!seen.add(s.key())) throw new IllegalArgumentException("virtual service " + s.key() + " listed twice");
    }

    public Optional<VirtualService> service(ServiceKey key) {
        return services.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
