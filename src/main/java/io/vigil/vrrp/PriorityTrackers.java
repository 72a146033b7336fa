package io.vigil.vrrp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Effective priority and fault state of one instance from its own interface, {@code track_interface},
 * {@code track_script} (with rise/fall), {@code track_file}, {@code track_process} and {@code track_bfd}, by keepalived's rules. Pure and single-threaded.
 */
public final class PriorityTrackers {
    private final VrrpInstanceSettings settings;
    private final Map<String, Boolean> linkUp = new LinkedHashMap<>();
    private final Map<String, ScriptState> scripts = new LinkedHashMap<>();
    private final Map<String, Long> files = new LinkedHashMap<>();
    /** Quorum of each tracked process: assumed held until the first scan says otherwise (it comes before any timer). */
    private final Map<String, Boolean> processes = new LinkedHashMap<>();
    /** BFD sessions by name: down until their first Up (keepalived's bfd_up starts false). */
    private final Map<String, Boolean> bfdUp = new LinkedHashMap<>();
    /** dynamic_interfaces: the instance's interface has no address to send from (missing, or not given one yet). */
    private boolean sourceMissing;

    private static final class ScriptState {
        final TrackedScript script;
        boolean ok;
        int successes;
        int failures;

        ScriptState(TrackedScript script) {
            this.script = script;
            this.ok = !script.initFail();
        }
    }

    public PriorityTrackers(VrrpInstanceSettings settings) {
        this.settings = settings;
        this.sourceMissing = settings.sourceMissing();
        // dont_track_primary: the own interface is watched only when it is a track_interface too (keepalived).
        if (!settings.options().dontTrackPrimary()) linkUp.put(settings.interfaceName(), true);
        for (TrackedInterface t : settings.trackInterfaces()) linkUp.put(t.name(), true);
        for (TrackedScript t : settings.trackScripts()) scripts.put(t.name(), new ScriptState(t));
        for (TrackedFile t : settings.trackFiles()) files.put(t.name(), 0L);
        for (TrackedProcess t : settings.trackProcesses()) processes.put(t.name(), true);
        for (TrackedBfd t : settings.trackBfds()) bfdUp.put(t.name(), false);
    }

    /** Records a tracked process's quorum; returns a reason when it changed. */
    public String onProcess(String name, boolean up) {
        Boolean old = processes.get(name);
        if (old == null || old == up) return null;
        processes.put(name, up);
        return "track_process " + name + (up ? " gained" : " lost") + " its quorum";
    }

    /** Records a BFD session's state; returns a reason when it matters to this instance and changed, else null. */
    public String onBfd(String name, boolean up) {
        Boolean old = bfdUp.get(name);
        if (old == null || old == up) return null;
        bfdUp.put(name, up);
        return "track_bfd " + name + (up ? " up" : " down");
    }

    /** Records a link state; returns a reason when it matters to this instance and changed, else null. */
    public String onLink(String name, boolean up) {
        Boolean old = linkUp.get(name);
        if (old == null || old == up) return null;
        linkUp.put(name, up);
        return (name.equals(settings.interfaceName()) ? "interface " : "track_interface ") + name + (up ? " up" : " down");
    }

    /** Records one script result; returns a reason when the script's OK/KO state flipped (rise/fall reached). */
    public String onScript(String name, boolean success) {
        ScriptState st = scripts.get(name);
        if (st == null) return null;
        if (success) {
            st.successes++;
            st.failures = 0;
            if (!st.ok && st.successes >= st.script.rise()) {
                st.ok = true;
                return "track_script " + name + " succeeded (" + st.successes + " in a row, rise " + st.script.rise() + ")";
            }
        } else {
            st.failures++;
            st.successes = 0;
            if (st.ok && st.failures >= st.script.fall()) {
                st.ok = false;
                return "track_script " + name + " failed (" + st.failures + " in a row, fall " + st.script.fall() + ")";
            }
        }
        return null;
    }

    /** Records a tracked file's value; returns a reason when it changed. */
    public String onFile(String name, long value) {
        Long old = files.get(name);
        if (old == null || old == value) return null;
        files.put(name, value);
        return "track_file " + name + " value " + old + " -> " + value;
    }

    /** dynamic_interfaces: the instance's interface gained ({@code present}) or lost its address; a reason when it changed. */
    public String onSource(boolean present) {
        if (present != sourceMissing) return null;
        sourceMissing = !present;
        return "interface " + settings.interfaceName() + (present ? " has an address to send from" : " has no address to send from");
    }

    /** Why the instance must be in FAULT, or null. */
    public String faultReason() {
        if (settings.options().configFault() != null) return settings.options().configFault();
        if (!settings.options().dontTrackPrimary() && !linkUp.get(settings.interfaceName()))
            return "interface " + settings.interfaceName() + " down";
        if (sourceMissing) return "interface " + settings.interfaceName() + " has no " + settings.family() + " address to send from";
        for (TrackedInterface t : settings.trackInterfaces())
            if (t.weight() == 0 && !(linkUp.get(t.name()) ^ t.reverse())) return "track_interface " + t.name() + (t.reverse() ? " up (reverse)" : " down");
        for (ScriptState st : scripts.values())
            if (st.script.weight() == 0 && !st.ok) return "track_script " + st.script.name() + " failed";
        for (TrackedFile t : settings.trackFiles()) {
            long v = files.get(t.name());
            if (t.weight() == 0 ? v != 0 : v * t.weight() <= -254) return "track_file " + t.name() + " value " + v;
        }
        for (TrackedProcess t : settings.trackProcesses())
            if (t.weight() == 0 && processes.get(t.name()) == t.reverse())
                return "track_process " + t.name() + (t.reverse() ? " has its quorum (reverse)" : " lost its quorum");
        for (TrackedBfd t : settings.trackBfds())
            if (t.faults(bfdUp.get(t.name()))) return "track_bfd " + t.name() + (t.reverse() ? " up (reverse)" : " down");
        return null;
    }

    /** Base priority plus the weights in force, clamped to 1..254 (an owner's 255 is never changed). */
    public int effectivePriority() {
        int base = settings.priority();
        if (base == VrrpPacket.PRIORITY_OWNER) return base;
        long p = base;
        for (TrackedInterface t : settings.trackInterfaces()) {
            boolean up = linkUp.get(t.name()) ^ t.reverse();
            if (t.weight() > 0 && up) p += t.weight();
            if (t.weight() < 0 && !up) p += t.weight();
        }
        for (ScriptState st : scripts.values()) {
            int w = st.script.weight();
            if (w > 0 && st.ok) p += w;
            if (w < 0 && !st.ok) p += w;
        }
        for (TrackedFile t : settings.trackFiles()) if (t.weight() != 0) p += files.get(t.name()) * t.weight();
        for (TrackedProcess t : settings.trackProcesses()) {
            boolean up = processes.get(t.name());
            if (t.weight() > 0 && up) p += t.weight();
            if (t.weight() < 0 && !up) p += t.weight();
        }
        for (TrackedBfd t : settings.trackBfds()) p += t.contribution(bfdUp.get(t.name()));
        return (int) Math.max(1, Math.min(254, p));
    }

    /**
     * Before start (a reload's new or restarted instance): takes the link states and file values the node already
     * knows (BFD session states included), and the rise/fall state of same-defined scripts from {@code donors}, so the instance does not start from
     * the all-healthy defaults and flap when the next results come in.
     */
    void seed(Map<String, Boolean> knownLinks, Map<String, Long> knownFiles, Map<String, Boolean> knownProcesses,
              Map<String, Boolean> knownBfds, Iterable<PriorityTrackers> donors) {
        for (Map.Entry<String, Boolean> e : bfdUp.entrySet()) {
            Boolean known = knownBfds.get(e.getKey());
            if (known != null) e.setValue(known);
        }
        for (Map.Entry<String, Boolean> e : processes.entrySet()) {
            Boolean known = knownProcesses.get(e.getKey());
            if (known != null) e.setValue(known);
        }
        for (Map.Entry<String, Boolean> e : linkUp.entrySet()) {
            Boolean known = knownLinks.get(e.getKey());
            if (known != null) e.setValue(known);
        }
        for (Map.Entry<String, Long> e : files.entrySet()) {
            Long known = knownFiles.get(e.getKey());
            if (known != null) e.setValue(known);
        }
        for (ScriptState mine : scripts.values()) {
            for (PriorityTrackers d : donors) {
                ScriptState theirs = d.scripts.get(mine.script.name());
                if (theirs == null || !theirs.script.equals(mine.script)) continue;
                mine.ok = theirs.ok;
                mine.successes = theirs.successes;
                mine.failures = theirs.failures;
                break;
            }
        }
    }

    public boolean linkUp(String name) {
        return linkUp.getOrDefault(name, true);
    }

    public boolean tracksLink(String name) {
        return linkUp.containsKey(name);
    }
}
