package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** What a MASTER does when a reload changed only its addresses: remove what went, add what came, announce the new ones. Pure. */
final class AddressChange {
    private AddressChange() {
    }

    static List<Action> forMaster(VrrpInstanceSettings old, VrrpInstanceSettings next) {
        List<Action> out = new ArrayList<>();
        List<VirtualAddress> gone = minus(allVips(old), allVips(next)), came = minus(allVips(next), allVips(old));
        List<VirtualRoute> routesGone = minus(old.routes(), next.routes()), routesCame = minus(next.routes(), old.routes());
        List<VirtualRule> rulesGone = minus(old.rules(), next.rules()), rulesCame = minus(next.rules(), old.rules());
        if (!gone.isEmpty() || !routesGone.isEmpty() || !rulesGone.isEmpty())
            out.add(new Action.RemoveVips(old.vipInterface(), gone, routesGone, rulesGone));
        if (!came.isEmpty() || !routesCame.isEmpty() || !rulesCame.isEmpty())
            out.add(new Action.AddVips(next.vipInterface(), came, routesCame, rulesCame));
        List<InetAddress> announce = came.stream().map(VirtualAddress::address).toList();
        if (!announce.isEmpty() && next.garp().masterRepeat() > 0)
            out.add(new Action.SendGarps(next.vipInterface(), announce, next.garp().masterRepeat(), next.garp().garpIntervalMicros(), next.garp().naIntervalMicros()));
        return out;
    }

    /** The virtual addresses and the excluded ones: all that a MASTER installs. */
    static List<VirtualAddress> allVips(VrrpInstanceSettings s) {
        List<VirtualAddress> all = new ArrayList<>(s.virtualAddresses());
        all.addAll(s.excludedAddresses());
        return all;
    }

    private static <T> List<T> minus(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }
}
