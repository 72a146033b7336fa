package io.vigil.snmp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of served objects sorted by OID, answering Get, GetNext and GetBulk the AgentX way (RFC 2741
 * section 7.2.3): Get of a missing instance gives noSuchInstance under a known column or noSuchObject elsewhere;
 * GetNext gives the first object after the start (or at it when included) and before the range's end, else
 * endOfMibView.
 */
public final class MibTree {
    private final NavigableMap<Oid, SnmpValue> objects;

    private MibTree(NavigableMap<Oid, SnmpValue> objects) {
        this.objects = objects;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final TreeMap<Oid, SnmpValue> objects = new TreeMap<>();

        public Builder put(Oid oid, SnmpValue value) {
            objects.put(oid, value);
            return this;
        }

        public Builder putAll(MibTree other) {
            objects.putAll(other.objects);
            return this;
        }

        public MibTree build() {
            return new MibTree(java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(objects)));
        }
    }

    public int size() {
        return objects.size();
    }

    public Map<Oid, SnmpValue> asMap() {
        return objects;
    }

    public AgentXPdu.VarBind get(Oid oid) {
        SnmpValue v = objects.get(oid);
        if (v != null) return new AgentXPdu.VarBind(oid, v);
        // An instance of a column (or a scalar's .0) we serve: noSuchInstance; anything else: noSuchObject.
        Oid parent = oid.size() > 1 ? new Oid(java.util.Arrays.copyOf(oid.parts(), oid.size() - 1)) : oid;
        Oid next = objects.higherKey(parent);
        boolean knownObject = next != null && next.startsWith(parent) && oid.size() > 1;
        return new AgentXPdu.VarBind(oid, knownObject ? SnmpValue.NO_SUCH_INSTANCE : SnmpValue.NO_SUCH_OBJECT);
    }

    public AgentXPdu.VarBind getNext(AgentXPdu.SearchRange range) {
        Map.Entry<Oid, SnmpValue> e = range.include() ? objects.ceilingEntry(range.start()) : objects.higherEntry(range.start());
        if (e == null || (range.end().size() > 0 && e.getKey().compareTo(range.end()) >= 0)) {
            return new AgentXPdu.VarBind(range.start(), SnmpValue.END_OF_MIB_VIEW);
        }
        return new AgentXPdu.VarBind(e.getKey(), e.getValue());
    }

    /** GetBulk: one GetNext for each non-repeater, then up to maxRepetitions rounds over the repeaters. */
    public List<AgentXPdu.VarBind> getBulk(int nonRepeaters, int maxRepetitions, List<AgentXPdu.SearchRange> ranges) {
        List<AgentXPdu.VarBind> out = new ArrayList<>();
        int n = Math.min(nonRepeaters, ranges.size());
        for (int i = 0; i < n; i++) out.add(getNext(ranges.get(i)));
        List<AgentXPdu.SearchRange> repeaters = new ArrayList<>(ranges.subList(n, ranges.size()));
        for (int round = 0; round < maxRepetitions && !repeaters.isEmpty(); round++) {
            boolean allEnded = true;
            for (int i = 0; i < repeaters.size(); i++) {
                AgentXPdu.SearchRange r = repeaters.get(i);
                AgentXPdu.VarBind vb = getNext(r);
                out.add(vb);
                if (!(vb.value() instanceof SnmpValue.Exception)) {
                    allEnded = false;
                    repeaters.set(i, new AgentXPdu.SearchRange(vb.name(), false, r.end()));
                }
            }
            if (allEnded) break;
        }
        return out;
    }
}
