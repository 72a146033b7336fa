package io.vigil.lb.nft;

import io.vigil.lb.Change;
import io.vigil.lb.Plan;
import io.vigil.lb.RealServer;
import io.vigil.lb.VirtualService;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.vigil.net.Json.arr;
import static io.vigil.net.Json.obj;
import static io.vigil.lb.nft.NftRuleset.TABLE;

/**
 * The small nftables batch for a plan that only adds, removes or re-weighs real servers of services that stay as
 * they are (a checker's verdict), built from the plan alone, without reading the table back (pure). For each
 * service touched: its chain is flushed and refilled (the scheduler's map names the servers with weight > 0);
 * a server gone loses its counter-map elements, chain, counters and persistence set; a server added gets them. The
 * other services' chains, the dispatch and counting chains and every other element are left alone. As the
 * whole-table batch ({@link NftRuleset#batch}) it is one kernel transaction, and it leaves the table exactly as the
 * whole-table batch for {@code plan.to()} would.
 * <p>
 * Anything else (a service added, removed or changed, a first apply, a server counted by a rule of the counting
 * chain rather than by a map element) answers empty: the caller rewrites the table.
 */
public final class NftDelta {
    private NftDelta() {}

    /**
     * The commands taking table {@code family vigil} from {@code plan.from()} to {@code plan.to()}: empty when the
     * plan needs the whole-table batch, an empty list when nothing of this family changes.
     */
    public static Optional<List<Object>> batch(String family, Plan plan) {
        List<VirtualService> from = ofFamily(family, plan.from().services()), to = ofFamily(family, plan.to().services());
        if (from.isEmpty() && to.isEmpty()) return Optional.of(List.of());
        if (from.size() != to.size()) return Optional.empty();
        for (int i = 0; i < from.size(); i++) if (!from.get(i).sameSettings(to.get(i))) return Optional.empty();
        for (Change c : plan.changes())
            if (c instanceof Change.AddService || c instanceof Change.RemoveService || c instanceof Change.EditService) return Optional.empty();
        if (!ruleCounted(from).equals(ruleCounted(to))) return Optional.empty();

        List<Object> flush = new ArrayList<>(), removes = new ArrayList<>(), adds = new ArrayList<>(), rules = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            VirtualService before = from.get(i), after = to.get(i);
            if (before.equals(after)) continue;
            flush.add(obj("flush", obj("chain", obj("family", family, "table", TABLE, "name", NftRuleset.serviceChain(after.key())))));
            Map<RealServer.Key, RealServer> had = new LinkedHashMap<>();
            before.servers().forEach(r -> had.put(r.key(), r));
            Set<String> ignored = new HashSet<>();
            for (RealServer r : after.servers()) {
                if (had.remove(r.key()) != null) continue;
                NftRuleset.serverObjects(family, after, r, ignored, ignored, ignored, adds, rules);
                List<Object> key = NftRuleset.counterKey(after, r);
                adds.add(element("add", family, NftRuleset.COUNT_IN, arr(obj("concat", key), NftRuleset.inCounter(after.key(), r.key()))));
                adds.add(element("add", family, NftRuleset.COUNT_OUT, arr(obj("concat", key), NftRuleset.outCounter(after.key(), r.key()))));
            }
            for (RealServer gone : had.values()) removes.addAll(removal(family, before, gone));
            rules.addAll(NftRuleset.serviceChainRules(family, after));
        }
        List<Object> cmds = new ArrayList<>(flush);
        cmds.addAll(removes);
        cmds.addAll(adds);
        cmds.addAll(rules);
        return Optional.of(cmds);
    }

    /** A gone server's objects, in an order the kernel accepts: references to them (map elements, chain rules) go first. */
    private static List<Object> removal(String family, VirtualService s, RealServer r) {
        List<Object> out = new ArrayList<>();
        List<Object> key = NftRuleset.counterKey(s, r);
        out.add(element("delete", family, NftRuleset.COUNT_IN, obj("concat", key)));
        out.add(element("delete", family, NftRuleset.COUNT_OUT, obj("concat", key)));
        String chain = NftRuleset.serverChain(s.key(), r.key());
        out.add(obj("flush", obj("chain", obj("family", family, "table", TABLE, "name", chain))));
        out.add(NftRuleset.del("chain", family, chain));
        out.add(NftRuleset.del("counter", family, NftRuleset.connCounter(s.key(), r.key())));
        out.add(NftRuleset.del("counter", family, NftRuleset.inCounter(s.key(), r.key())));
        out.add(NftRuleset.del("counter", family, NftRuleset.outCounter(s.key(), r.key())));
        if (s.persistence().enabled()) out.add(NftRuleset.del("set", family, NftRuleset.persistSet(s, r.key())));
        return out;
    }

    private static Map<String, Object> element(String op, String family, String map, Object elem) {
        return obj(op, obj("element", obj("family", family, "table", TABLE, "name", map, "elem", arr(elem))));
    }

    /**
     * The servers counted by rules of their own in the counting chain instead of map elements (no key, or a key a
     * server of an earlier service took first), as {@link NftRuleset#batch} assigns them: such rules are not edited
     * here, so they must be the same before and after.
     */
    static Set<List<Object>> ruleCounted(List<VirtualService> services) {
        Set<List<Object>> keys = new HashSet<>();
        Set<List<Object>> out = new LinkedHashSet<>();
        for (VirtualService s : services)
            for (RealServer r : s.servers()) {
                List<Object> key = NftRuleset.counterKey(s, r);
                if (key == null || !keys.add(key)) out.add(List.of(s.key(), r.key()));
            }
        return out;
    }

    private static List<VirtualService> ofFamily(String family, List<VirtualService> services) {
        List<VirtualService> out = new ArrayList<>();
        for (VirtualService s : services) if (NftRuleset.family(s.key()).equals(family)) out.add(s);
        return out;
    }
}
