package io.vigil.bfd;

import java.util.random.RandomGenerator;

/**
 * One BFD session's state machine (RFC 5880 section 6), pure: time comes in as a monotonic nanosecond clock, random
 * jitter from the generator given, and packets go out through {@link Output}. Single-threaded.
 *
 * <p>Behaviour follows keepalived 2.2.7's bfd_scheduler: no authentication, never asks for Demand mode (a peer's D bit
 * stops our periodic packets while both are Up, as RFC 5880 6.8.7 says); while not Up the transmit interval is
 * {@code max(idle_tx, remote min rx)} and the packets advertise idle_tx (RFC 5880 6.8.3: at least 1 s); on reaching Up a
 * Poll sequence switches to min_tx; a received Poll or Final while Up (or any packet while not Up) recomputes the
 * intervals; detection time is the remote multiplier times {@code max(local min rx, remote desired min tx)}. A session
 * that has gone Down resets its remote state after one detection time. A passive session sends nothing until the peer
 * has been heard. Where keepalived resets the detection timer only while Up, Vigil also resets it in Init, as the RFC
 * says (keepalived lets an Init session expire even while packets arrive).
 */
public final class BfdSession {
    /** Where a session's packets and transitions go. */
    public interface Output {
        void send(BfdPacket packet);

        /**
         * A state change. {@code notify} is false for changes keepalived does not report to VRRP or the checkers:
         * any change not into or out of Up, and falling from Up because the peer said AdminDown (RFC 5882 3.2).
         */
        void transition(BfdState from, BfdState to, BfdDiag diag, boolean notify);
    }

    public static final long NEVER = Long.MAX_VALUE;

    private BfdSettings settings;
    private final RandomGenerator random;
    private final Output out;
    private final DiscriminatorSource discriminators;

    private BfdState localState = BfdState.DOWN;
    private BfdState remoteState = BfdState.DOWN;
    private int localDiscr;
    private int remoteDiscr;
    private BfdDiag localDiag = BfdDiag.NO_DIAG;
    private BfdDiag remoteDiag = BfdDiag.NO_DIAG;
    private long remoteMinTxMicros;
    private long remoteMinRxMicros;
    private boolean remoteDemand;
    private int remoteMult;
    private boolean poll;
    private boolean fin;
    private long localTxMicros;
    private long remoteTxMicros;
    private long detectMicros;
    private long lastSeenNanos = NEVER;

    private long txAt = NEVER;
    private long expireAt = NEVER;
    private long resetAt = NEVER;

    /** Picks a fresh non-zero local discriminator not used by another session. */
    public interface DiscriminatorSource {
        int next();
    }

    public BfdSession(BfdSettings settings, RandomGenerator random, DiscriminatorSource discriminators, Output out) {
        this.settings = settings;
        this.random = random;
        this.discriminators = discriminators;
        this.out = out;
        this.localDiscr = discriminators.next();
        this.localTxMicros = settings.idleTxMicros();
    }

    /** Starts the session: an active one sends its first packet now. */
    public void start(long now) {
        if (localState == BfdState.ADMIN_DOWN || settings.passive()) return;
        sendNow();
        scheduleTx(now);
    }

    /** Stops sending and expiring (the socket could not be opened, or the session is being removed). */
    public void adminDown() {
        BfdState old = localState;
        localState = BfdState.ADMIN_DOWN;
        localDiag = BfdDiag.ADMIN_DOWN;
        txAt = NEVER;
        fall();
        if (old != BfdState.ADMIN_DOWN) out.transition(old, localState, localDiag, false);
    }

    /**
     * A packet that passed {@link BfdCodec#decode} and was matched to this session (RFC 5880 6.8.6 from "if the A bit
     * is clear"). Returns false when it was dropped because the session is AdminDown.
     */
    public boolean receive(BfdPacket p, long now) {
        if (localState == BfdState.ADMIN_DOWN) return false;
        long oldLocalTx = localTxMicros;
        remoteDiscr = p.myDiscriminator();
        remoteState = p.state();
        remoteDiag = p.diag();
        remoteMinRxMicros = p.requiredMinRxMicros();
        remoteMinTxMicros = p.desiredMinTxMicros();
        remoteDemand = p.demand();
        remoteMult = p.detectMult();
        if (p.fin()) poll = false;
        if (localState != BfdState.UP || p.poll() || p.fin()) {
            boolean bothRising = remoteState == BfdState.UP && (localState == BfdState.INIT || localState == BfdState.UP);
            localTxMicros = Math.max(bothRising ? settings.minTxMicros() : settings.idleTxMicros(), remoteMinRxMicros);
            remoteTxMicros = Math.max(settings.minRxMicros(), remoteMinTxMicros);
        }
        detectMicros = remoteMult * remoteTxMicros;
        if (localTxMicros < oldLocalTx && txAt != NEVER) scheduleTx(now);

        if (remoteState == BfdState.ADMIN_DOWN) {
            if (localState != BfdState.DOWN) down(BfdDiag.NEIGHBOR_DOWN, now);
        } else if (localState == BfdState.DOWN) {
            if (remoteState == BfdState.DOWN) init(now);
            else if (remoteState == BfdState.INIT) up(now);
        } else if (localState == BfdState.INIT) {
            if (remoteState == BfdState.INIT || remoteState == BfdState.UP) up(now);
        } else if (localState == BfdState.UP && remoteState == BfdState.DOWN) {
            down(BfdDiag.NEIGHBOR_DOWN, now);
        }

        boolean quiet = remoteDemand && localState == BfdState.UP && remoteState == BfdState.UP;
        if (quiet) txAt = NEVER;
        else if (txAt == NEVER) scheduleTx(now); // keepalived: any packet heard restarts a passive sender too
        if (p.poll()) {
            fin = true;
            sendNow();
        }
        lastSeenNanos = now;
        if (expireAt != NEVER) expireAt = now + detectMicros * 1000;
        return true;
    }

    /** Runs whatever is due at {@code now}: the periodic packet, detection-time expiry, the Down-state reset. */
    public void onTimer(long now) {
        if (expireAt <= now) {
            expireAt = NEVER;
            remoteDiscr = 0;
            down(BfdDiag.EXPIRED, now);
        }
        if (resetAt <= now) {
            resetAt = NEVER;
            reset();
        }
        if (txAt <= now) {
            sendNow();
            scheduleTx(now);
        }
    }

    /** The earliest time {@link #onTimer} has work, or {@link #NEVER}. */
    public long nextDeadline() {
        return Math.min(txAt, Math.min(expireAt, resetAt));
    }

    /**
     * New timers from a reload (same neighbour): while Up a Poll sequence announces them, and they take effect as the
     * RFC says (a slower tx or faster rx only once the Final arrives).
     */
    public void reconfigure(BfdSettings next, long now) {
        boolean changed = next.minRxMicros() != settings.minRxMicros() || next.minTxMicros() != settings.minTxMicros()
                || next.multiplier() != settings.multiplier();
        boolean wasPassive = settings.passive();
        settings = next;
        if (localState == BfdState.UP && changed) startPoll();
        if (wasPassive && !next.passive() && txAt == NEVER && localState != BfdState.ADMIN_DOWN) scheduleTx(now);
    }

    private void down(BfdDiag diag, long now) {
        BfdState old = localState;
        if (old == BfdState.UP) localDiscr = discriminators.next();
        localState = BfdState.DOWN;
        localDiag = diag;
        resetAt = now + detectMicros * 1000;
        if (settings.passive()) txAt = NEVER;
        fall();
        out.transition(old, BfdState.DOWN, diag, old == BfdState.UP && remoteState != BfdState.ADMIN_DOWN);
    }

    private void fall() {
        localTxMicros = Math.max(settings.idleTxMicros(), remoteMinRxMicros);
        expireAt = NEVER;
    }

    private void rise(long now) {
        localDiag = BfdDiag.NO_DIAG;
        resetAt = NEVER;
        if (expireAt == NEVER) expireAt = now + detectMicros * 1000;
    }

    private void up(long now) {
        BfdState old = localState;
        localState = BfdState.UP;
        rise(now);
        if (settings.idleTxMicros() != settings.minTxMicros()) startPoll();
        out.transition(old, BfdState.UP, BfdDiag.NO_DIAG, true);
    }

    private void init(long now) {
        BfdState old = localState;
        localState = BfdState.INIT;
        rise(now);
        if (settings.passive() && txAt == NEVER) scheduleTx(now);
        out.transition(old, BfdState.INIT, BfdDiag.NO_DIAG, false);
    }

    private void startPoll() {
        // RFC 5880 6.5: new parameters may ride on a Final if one is due anyway.
        if (!fin) poll = true;
    }

    /** RFC 5880 6.8.1: remote state forgotten, intervals back to idle. */
    private void reset() {
        remoteState = BfdState.DOWN;
        remoteDiscr = 0;
        remoteDiag = BfdDiag.NO_DIAG;
        remoteDemand = false;
        poll = false;
        fin = false;
        localTxMicros = Math.max(settings.idleTxMicros(), remoteMinRxMicros);
    }

    private void sendNow() {
        if (poll && fin) poll = false;
        long advertisedTx = localState == BfdState.UP ? settings.minTxMicros() : settings.idleTxMicros();
        out.send(BfdPacket.control(localDiag, localState, poll, fin, settings.multiplier(), localDiscr, remoteDiscr,
                advertisedTx, settings.minRxMicros()));
        fin = false;
    }

    /** Next periodic packet: the interval less 0-25% jitter, or 10-25% with a multiplier of 1 (RFC 5880 6.8.7). */
    private void scheduleTx(long now) {
        txAt = now + txIntervalMicros(localTxMicros, settings.multiplier(), random) * 1000;
    }

    static long txIntervalMicros(long intervalMicros, int multiplier, RandomGenerator random) {
        long min = multiplier == 1 ? intervalMicros / 10 : 0;
        long max = intervalMicros / 4;
        long jitter = max > min ? random.nextLong(min, max + 1) : min;
        return intervalMicros - jitter;
    }

    public BfdState state() {
        return localState;
    }

    public BfdState remoteState() {
        return remoteState;
    }

    public BfdSettings settings() {
        return settings;
    }

    public int localDiscriminator() {
        return localDiscr;
    }

    public int remoteDiscriminator() {
        return remoteDiscr;
    }

    public BfdDiag localDiag() {
        return localDiag;
    }

    public BfdDiag remoteDiag() {
        return remoteDiag;
    }

    public long localTxIntervalMicros() {
        return localTxMicros;
    }

    public long detectionTimeMicros() {
        return detectMicros;
    }

    public boolean pollPending() {
        return poll;
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    public long txAt() {
        return txAt;
    }

    public long expireAt() {
        return expireAt;
    }

    public long resetAt() {
        return resetAt;
    }
}
