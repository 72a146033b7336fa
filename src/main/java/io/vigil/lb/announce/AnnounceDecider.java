package io.vigil.lb.announce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which host routes should be in the kernel now (pure: facts and the time in, {@link Action}s out; not thread-safe).
 * <p>A route is wanted while each of its services has its quorum (the checkers' verdict, with keepalived's
 * quorum/hysteresis already applied), its VRRP instance, if it names one, is MASTER, and its BFD session, if it names
 * one, is Up. Unknown counts as no: a service not reported yet has no quorum, an instance not reported yet is not
 * MASTER, a session not reported yet is not Up. A wanted route is added once
 * it has been wanted for the rule's delay without a break; an unwanted one is removed at once.
 * <p>The first {@link #poll} says something about every route (add, or remove), so leftovers of a predecessor that
 * died are brought in line; after that only changes come out. {@link #stop} removes what this added.
 */
public final class AnnounceDecider {
    /** What to do to the kernel's table. */
    public sealed interface Action {
        HostRoute route();

        record Announce(HostRoute route) implements Action { }

        record Withdraw(HostRoute route) implements Action { }
    }

    private final Map<String, Boolean> quorum = new HashMap<>();
    private final Map<String, String> vrrpStates = new HashMap<>();
    private final Map<String, Boolean> bfdStates = new HashMap<>();
    private final Map<HostRoute, AnnounceRule> rules = new LinkedHashMap<>();
    /** Since when each wanted route has been wanted without a break. */
    private final Map<HostRoute, Long> wantedSince = new HashMap<>();
    /** True: in the kernel (added by us); false: removed or never there; absent: nothing said about it yet. */
    private final Map<HostRoute, Boolean> installed = new HashMap<>();
    /** Routes of rules a reload removed: withdrawn at the next poll. */
    private final List<HostRoute> dropped = new ArrayList<>();

    public AnnounceDecider(List<AnnounceRule> rules) {
        configure(rules);
    }

    /** A reload: routes no longer configured are withdrawn at the next poll; facts known so far are kept. */
    public void configure(List<AnnounceRule> next) {
        Map<HostRoute, AnnounceRule> byRoute = new LinkedHashMap<>();
        for (AnnounceRule r : next) {
            if (byRoute.putIfAbsent(r.route(), r) != null) throw new IllegalArgumentException("two rules for " + r.route());
        }
        for (HostRoute old : rules.keySet()) {
            if (!byRoute.containsKey(old)) {
                wantedSince.remove(old);
                if (!Boolean.FALSE.equals(installed.remove(old))) dropped.add(old);
            }
        }
        for (AnnounceRule r : byRoute.values()) {
            AnnounceRule before = rules.get(r.route());
            // a changed condition starts its delay again; an unchanged rule keeps its running one
            if (before != null && !before.equals(r)) wantedSince.remove(r.route());
        }
        rules.clear();
        rules.putAll(byRoute);
    }

    /** A virtual server's quorum changed (or was reported for the first time). */
    public void quorum(String service, boolean up) {
        quorum.put(service, up);
    }

    /** A virtual server is gone: it has no quorum any more. */
    public void serviceRemoved(String service) {
        quorum.remove(service);
    }

    /** A VRRP instance's state as the VRRP process reports it (MASTER, BACKUP, FAULT, STOP, ...). */
    public void vrrpState(String instance, String state) {
        vrrpStates.put(instance, state);
    }

    /** A BFD session is Up ({@code up}) or not, as the VRRP process's BFD reports it to the checkers. */
    public void bfdState(String session, boolean up) {
        bfdStates.put(session, up);
    }

    public boolean wanted(AnnounceRule r) {
        for (String s : r.services()) if (!quorum.getOrDefault(s, false)) return false;
        if (r.bfdSession().isPresent() && !bfdStates.getOrDefault(r.bfdSession().get(), false)) return false;
        return r.vrrpInstance().map(i -> "MASTER".equals(vrrpStates.get(i))).orElse(true);
    }

    /** The kernel changes due at {@code nowMillis}. */
    public List<Action> poll(long nowMillis) {
        List<Action> out = new ArrayList<>();
        for (HostRoute r : dropped) out.add(new Action.Withdraw(r));
        dropped.clear();
        for (AnnounceRule rule : rules.values()) {
            HostRoute route = rule.route();
            Boolean in = installed.get(route);
            if (wanted(rule)) {
                long since = wantedSince.computeIfAbsent(route, k -> nowMillis);
                if (!Boolean.TRUE.equals(in) && nowMillis - since >= rule.delayMillis()) {
                    installed.put(route, true);
                    out.add(new Action.Announce(route));
                } else if (in == null) {
                    installed.put(route, false); // still in its delay: a leftover must not stay meanwhile
                    out.add(new Action.Withdraw(route));
                }
            } else {
                wantedSince.remove(route);
                if (!Boolean.FALSE.equals(in)) {
                    installed.put(route, false);
                    out.add(new Action.Withdraw(route));
                }
            }
        }
        return out;
    }

    /** When the next {@link #poll} has something to do without a new fact: the end of the earliest running delay. */
    public OptionalLong nextDeadlineMillis() {
        OptionalLong next = OptionalLong.empty();
        for (AnnounceRule rule : rules.values()) {
            Long since = wantedSince.get(rule.route());
            if (since == null || Boolean.TRUE.equals(installed.get(rule.route()))) continue;
            long due = since + rule.delayMillis();
            if (next.isEmpty() || due < next.getAsLong()) next = OptionalLong.of(due);
        }
        return next;
    }

    /** Stopping: every route this added is withdrawn, and nothing is added any more. */
    public List<Action> stop() {
        List<Action> out = new ArrayList<>();
        for (HostRoute r : dropped) out.add(new Action.Withdraw(r));
        dropped.clear();
        for (Map.Entry<HostRoute, Boolean> e : installed.entrySet()) {
            if (e.getValue()) out.add(new Action.Withdraw(e.getKey()));
        }
        installed.clear();
        rules.clear();
        wantedSince.clear();
        return out;
    }

    /** The routes announced now (for status). */
    public List<HostRoute> announced() {
        return installed.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    public Optional<AnnounceRule> rule(HostRoute route) {
        return Optional.ofNullable(rules.get(route));
    }
}
