package io.vigil.lab.seed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The soak's fault schedule (pure): from a seed and a length, the faults to inject, when, on what, for how long. The
 * same seed gives the same schedule, printed at the start of a run so a failing run can be replayed
 * ({@code bench/soak.sh --seed S}). Faults overlap (combined faults): at most two at a time, never two on the same
 * target, and at most one director-wide outage (director or parent killed) at a time, so two of the three directors
 * always run a daemon.
 */
public final class SoakPlan {
    /** What a fault does; {@link #director} ones pick a director, the others a real server. */
    public enum Kind {
        VRRP_CHILD_KILL(true), VRRP_CHILD_STOP(true), CHECKER_CHILD_KILL(true), PROXY_CHILD_KILL(true), PARENT_STOP(true),
        PARENT_KILL(true), DIRECTOR_KILL(true), LINK_FLAP(true), PARTITION(true), PACKET_LOSS(true), RELOAD_PRIORITY(true),
        RELOAD_BROKEN(true), ADVERT_FLOOD(true), RS_CRASH(false), RS_HANG(false);

        final boolean director;

        Kind(boolean director) {
            this.director = director;
        }

        /** The director's daemon does not run for a while: at most one of these at a time. */
        boolean outage() {
            return this == PARENT_KILL || this == DIRECTOR_KILL;
        }

        /** The director may not hear its peers (or they it) while the fault lasts: two MASTERs are expected then. */
        boolean isolates() {
            return this == LINK_FLAP || this == PARTITION || this == PACKET_LOSS || this == VRRP_CHILD_STOP || this == PARENT_STOP
                    || this == ADVERT_FLOOD;
        }

        /**
         * A child may be restarted because of it. Not a stopped parent: it sent no PING while stopped, so its children's
         * silence proves nothing (the first soak saw it kill all three healthy children on SIGCONT).
         */
        boolean explainsChildRestart() {
            return restartsChildren() && this != PARENT_STOP;
        }

        /** A process of the director dies or hangs (or the parent that watches them): its effects may last a restart. */
        boolean restartsChildren() {
            return this == VRRP_CHILD_KILL || this == VRRP_CHILD_STOP || this == CHECKER_CHILD_KILL || this == PROXY_CHILD_KILL
                    || this == PARENT_STOP || this == PARENT_KILL || this == DIRECTOR_KILL;
        }
    }

    /** One fault: injected {@code atMillis} after the start, on {@code target} (lb1.., rs1..), lasting {@code durationMillis}. */
    public record Fault(int number, long atMillis, Kind kind, String target, long durationMillis) {
        long endMillis() {
            return atMillis + durationMillis;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "#%d +%.1fs %s %s for %.1fs", number, atMillis / 1000.0, kind, target, durationMillis / 1000.0);
        }
    }

    private SoakPlan() {}

    /**
     * The schedule for a run of {@code lengthMillis}: the first fault after {@code warmMillis} (the daemons settle), none
     * starting in the last {@code quietMillis} (the run ends with everything healed and settled), a new fault every
     * {@code gapMillis} on average.
     */
    public static List<Fault> schedule(long seed, long lengthMillis, long warmMillis, long quietMillis, long gapMillis,
                                       int directors, int realServers) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Kind[] kinds = Kind.values();
        List<Fault> out = new ArrayList<>();
        long t = warmMillis;
        int n = 0;
        while (true) {
            t += gapMillis / 2 + rnd.nextLong(gapMillis);
            if (t > lengthMillis - quietMillis) break;
            // A kind not yet used first (every kind at least once in a short run), then any.
            List<Kind> unused = new ArrayList<>();
            for (Kind k : kinds) if (out.stream().noneMatch(f -> f.kind == k)) unused.add(k);
            for (int attempt = 0; attempt < 20; attempt++) {
                Kind kind = !unused.isEmpty() && attempt < 10 ? unused.get(rnd.nextInt(unused.size())) : kinds[rnd.nextInt(kinds.length)];
                String target = kind.director ? "lb" + (1 + rnd.nextInt(directors)) : "rs" + (1 + rnd.nextInt(realServers));
                long duration = 1_000 + rnd.nextLong(kind == Kind.ADVERT_FLOOD ? 5_000 : 7_000);
                if (kind == Kind.VRRP_CHILD_KILL || kind == Kind.CHECKER_CHILD_KILL || kind == Kind.PROXY_CHILD_KILL) duration = 0;
                Fault f = new Fault(++n, t, kind, target, duration);
                if (fits(out, f)) {
                    out.add(f);
                    break;
                }
                n--;
            }
        }
        out.sort(Comparator.comparingLong(Fault::atMillis));
        return out;
    }

    /** Whether {@code f} may join the faults planned so far (see the class comment). Restarts count as busy for 20 s. */
    static boolean fits(List<Fault> planned, Fault f) {
        List<Fault> overlapping = planned.stream().filter(o -> o.atMillis < busyUntil(f) && f.atMillis < busyUntil(o)).toList();
        if (overlapping.size() >= 2) return false;
        for (Fault o : overlapping) {
            if (o.target.equals(f.target)) return false;
            if (o.kind.outage() && f.kind.outage()) return false;
            // A flood comes from one host at everyone: one at a time.
            if (o.kind == Kind.ADVERT_FLOOD && f.kind == Kind.ADVERT_FLOOD) return false;
        }
        return true;
    }

    /** Until when a fault keeps its target busy: its end, plus a child's or a director's restart. */
    static long busyUntil(Fault f) {
        return f.endMillis() + (f.kind.restartsChildren() ? SoakJudge.RESTART_ALLOWANCE_MILLIS : 2_000);
    }
}
