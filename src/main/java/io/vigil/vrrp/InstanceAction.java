package io.vigil.vrrp;

/** An action and the instance it comes from (null for a sync group's notify). */
public record InstanceAction(String instance, Action action) {
}
