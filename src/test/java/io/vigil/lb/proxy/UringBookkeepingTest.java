package io.vigil.lb.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The io_uring engine's pure bookkeeping: completion tags, buffer ownership, and one direction's queue. */
class UringBookkeepingTest {

    @Test
    void aTagCarriesOperationDirectionSlotAndGenerationToTheirLimits() {
        long t = UringTag.of(UringTag.SEND, UringTag.DOWN, UringTag.MAX_SLOTS - 2, UringTag.GENERATIONS - 1);
        assertThat(UringTag.op(t)).isEqualTo(UringTag.SEND);
        assertThat(UringTag.direction(t)).isEqualTo(UringTag.DOWN);
        assertThat(UringTag.slot(t)).isEqualTo(UringTag.MAX_SLOTS - 2);
        assertThat(UringTag.generation(t)).isEqualTo(UringTag.GENERATIONS - 1);
        long u = UringTag.of(UringTag.RECV, UringTag.UP, 0, UringTag.GENERATIONS);   // generations wrap
        assertThat(UringTag.generation(u)).isZero();
        assertThat(UringTag.op(u)).isEqualTo(UringTag.RECV);
        assertThat(UringTag.of(UringTag.RECV, UringTag.UP, 7, 1)).isNotEqualTo(UringTag.of(UringTag.RECV, UringTag.UP, 7, 2))
                .isNotEqualTo(UringTag.of(UringTag.RECV, UringTag.DOWN, 7, 1));
        assertThatThrownBy(() -> UringTag.of(UringTag.RECV, 0, UringTag.MAX_SLOTS, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBufferGoesBackOnlyWhenTheKernelHasFinishedItAndEveryPieceIsSent() {
        BufferLedger l = new BufferLedger(4);
        assertThat(l.withKernel()).isEqualTo(4);
        // Incremental consumption: three receives (two connections) share buffer 2; the kernel finishes it with the third.
        assertThat(l.received(2, 100, true)).isZero();
        assertThat(l.received(2, 50, true)).isEqualTo(100);
        assertThat(l.withKernel()).as("still being filled").isEqualTo(4);
        assertThat(l.pieceDone(2)).as("sent, but the kernel still fills the buffer").isFalse();
        assertThat(l.received(2, 30, false)).isEqualTo(150);
        assertThat(l.withKernel()).isEqualTo(3);
        assertThat(l.held()).isEqualTo(1);
        assertThat(l.pieceDone(2)).isFalse();
        assertThat(l.pieceDone(2)).as("last piece sent: back to the kernel").isTrue();
        assertThat(l.withKernel()).isEqualTo(4);
        assertThat(l.received(2, 10, false)).as("a recycled buffer fills from its start").isZero();
        assertThat(l.pieceDone(2)).isTrue();
        assertThatThrownBy(() -> l.pieceDone(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("returned twice");
        // One piece per buffer (no incremental consumption): each receive finishes its buffer.
        l.received(0, 4096, false);
        assertThatThrownBy(() -> l.received(0, 1, false)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not given to the kernel");
        assertThat(l.held()).isEqualTo(1);
        assertThat(l.pieceDone(0)).isTrue();
        assertThat(l.held()).isZero();
        assertThat(l.withKernel()).isEqualTo(4);
    }

    @Test
    void piecesGoOutAsOneChainInOrderAndAShortSendResumesWhereItStopped() {
        UringFlow f = new UringFlow();
        assertThat(f.canSend()).isFalse();
        assertThat(f.wantsReceive()).isTrue();
        f.receiving = true;
        f.received(5, 0, 100);
        f.received(9, 200, 50);
        assertThat(f.canSend()).isTrue();
        assertThat(f.chainLength()).isEqualTo(2);
        assertThat(new int[]{f.sendBid(0), f.sendOffset(0), f.sendLength(0)}).containsExactly(5, 0, 100);
        assertThat(new int[]{f.sendBid(1), f.sendOffset(1), f.sendLength(1)}).as("a piece in the middle of a shared buffer").containsExactly(9, 200, 50);
        f.chainStarted(2);
        f.received(7, 0, 10);
        assertThat(f.canSend()).as("one chain at a time per direction keeps the byte order").isFalse();
        assertThat(f.sent(100)).isEqualTo(5);
        assertThat(f.sent(20)).as("short send at the chain's end: piece kept").isEqualTo(-1);
        assertThat(f.inFlight).isZero();
        assertThat(f.chainLength()).isEqualTo(2);
        assertThat(new int[]{f.sendBid(0), f.sendOffset(0), f.sendLength(0)}).containsExactly(9, 220, 30);
        assertThat(new int[]{f.sendBid(1), f.sendOffset(1), f.sendLength(1)}).containsExactly(7, 0, 10);
        f.chainStarted(2);
        assertThat(f.sent(30)).isEqualTo(9);
        assertThat(f.sent(10)).isEqualTo(7);
        assertThat(f.drained()).isTrue();
        for (int i = 0; i < UringFlow.MAX_CHAIN + 3; i++) f.received(i, 0, 1);
        assertThat(f.chainLength()).isEqualTo(UringFlow.MAX_CHAIN);
    }

    @Test
    void aLaggingReaderPausesTheReceiveOnceAndDrainingReArmsIt() {
        UringFlow f = new UringFlow();
        f.receiving = true;
        for (int i = 0; i < UringFlow.MAX_QUEUED; i++) f.received(i, 0, 10);
        assertThat(f.wantsPause()).isTrue();
        f.receiveCancelled = true;
        assertThat(f.wantsPause()).as("cancel asked once").isFalse();
        // Completions that raced the cancel still queue, beyond the usual size (the queue grows).
        for (int i = 0; i < 3 * UringFlow.MAX_QUEUED; i++) f.received(100 + i, 0, 10);
        f.receiving = false;   // the cancelled receive's last completion (no F_MORE)
        assertThat(f.queued()).isEqualTo(4 * UringFlow.MAX_QUEUED);
        assertThat(f.wantsReceive()).isFalse();
        int sent = 0;
        while (f.queued() >= UringFlow.MAX_QUEUED) {
            f.chainStarted(1);
            int bid = f.sent(10);
            assertThat(bid).isEqualTo(sent < UringFlow.MAX_QUEUED ? sent : 100 + sent - UringFlow.MAX_QUEUED);
            sent++;
        }
        assertThat(f.wantsReceive()).isTrue();
        f.starved = true;
        assertThat(f.wantsReceive()).as("no buffers: wait for some to come back").isFalse();
    }

    @Test
    void endOfStreamFinishesOnlyAfterTheLastByteIsSentAndCloseHandsBackWhatIsHeld() {
        UringFlow f = new UringFlow();
        f.received(1, 0, 10);
        f.received(2, 0, 10);
        f.eof = true;
        assertThat(f.finished()).isFalse();
        assertThat(f.wantsReceive()).isFalse();
        f.chainStarted(2);
        assertThat(f.release()).containsExactly(1, 2);
        assertThat(f.queued()).isZero();
        assertThat(f.inFlight).isZero();
        assertThat(f.finished()).isTrue();
    }
}
