package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's alert e-mails of instances and sync groups, decided by the pure core (fake clock). */
class VrrpAlertsTest {
    private static final long T0 = 1_000_000_000L, MS = 1_000_000L, S = 1_000 * MS;

    private static List<Action.MailAlert> mails(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.MailAlert).map(a -> (Action.MailAlert) a).toList();
    }

    private static VrrpInstance instance(boolean alert, boolean noEmailFaults) {
        NotifySettings n = NotifySettings.NONE.withSmtpAlert(alert, noEmailFaults);
        return new VrrpInstance(Adverts.v2("VI_1", 100).notifications(n).build());
    }

    @Test
    void oneMailPerStateChangeInKeepalivedsWords() {
        VrrpInstance i = instance(true, false);
        assertThat(mails(i.on(new VrrpEvent.Startup(), T0))).containsExactly(
                new Action.MailAlert("VRRP Instance VI_1 - Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <="));
        assertThat(mails(i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 4 * S))).containsExactly(
                new Action.MailAlert("VRRP Instance VI_1 - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <="));
        assertThat(mails(i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 5 * S))).isEmpty();
        assertThat(mails(i.on(new VrrpEvent.LinkChanged("eth0", false), T0 + 6 * S))).containsExactly(
                new Action.MailAlert("VRRP Instance VI_1 - Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <="));
        assertThat(mails(i.on(new VrrpEvent.Shutdown("stop"), T0 + 7 * S))).containsExactly(
                new Action.MailAlert("VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <="));
    }

    @Test
    void noMailWithoutSmtpAlertAndNoFaultMailWithNoEmailFaults() {
        VrrpInstance off = instance(false, false);
        off.on(new VrrpEvent.Startup(), T0);
        assertThat(mails(off.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 4 * S))).isEmpty();

        VrrpInstance i = instance(true, true);
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(mails(i.on(new VrrpEvent.LinkChanged("eth0", false), T0 + S))).isEmpty();
        // Back to BACKUP: no mail, BACKUP was the last one mailed (keepalived's last_email_state; the FAULT was not mailed).
        assertThat(mails(i.on(new VrrpEvent.LinkChanged("eth0", true), T0 + 2 * S))).isEmpty();
        assertThat(mails(i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 6 * S)))
                .extracting(Action.MailAlert::subjectTail).containsExactly("VRRP Instance VI_1 - Entering MASTER state");
    }

    @Test
    void aSyncGroupMailsWhenAllItsMembersAgree() {
        SimulatedLan lan = new SimulatedLan(7);
        VrrpInstanceSettings ext = VrrpInstanceSettings.builder("VI_EXT", 51, "eth0", Adverts.ip("198.18.0.11")).priority(150).vip("198.18.0.100/32").build();
        VrrpInstanceSettings in = VrrpInstanceSettings.builder("VI_INT", 52, "eth1", Adverts.ip("198.18.1.11")).priority(150).vip("198.18.1.100/32").build();
        lan.add("a", List.of(ext, in), List.of(new SyncGroupSettings("G", List.of("VI_EXT", "VI_INT"), NotifySettings.NONE.withSmtpAlert(true, false))));
        lan.nodes().forEach(SimulatedLan.Node::start);
        lan.runFor(10 * S);
        lan.node("a").link("eth1", false);
        lan.runFor(2 * S);
        List<Action.MailAlert> group = lan.log().stream().filter(r -> r.action().instance() == null && r.action().action() instanceof Action.MailAlert)
                .map(r -> (Action.MailAlert) r.action().action()).toList();
        assertThat(group).containsExactly(
                new Action.MailAlert("VRRP Group G - Entering BACKUP state", "=> All VRRP group instances are now in BACKUP state <="),
                new Action.MailAlert("VRRP Group G - Entering MASTER state", "=> All VRRP group instances are now in MASTER state <="),
                new Action.MailAlert("VRRP Group G - Entering FAULT state", "=> All VRRP group instances are now in FAULT state <="));
        // The members have no smtp_alert of their own: no instance mail.
        assertThat(lan.log().stream().filter(r -> r.action().instance() != null && r.action().action() instanceof Action.MailAlert)).isEmpty();
    }
}
