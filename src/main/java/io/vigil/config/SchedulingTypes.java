package io.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Value types of keepalived's process settings: a CPU list ({@code *_cpu_affinity}) and an RLIMIT_RTTIME. */
final class SchedulingTypes {
    private SchedulingTypes() {
    }

    /**
     * CPU ids, each within the CPUs online on this machine as keepalived checks them (0 .. online - 1, read from
     * /sys/devices/system/cpu/online); kept sorted and without repeats.
     */
    static final ValueType<List<Integer>> CPUS = new ValueType<>() {
        @Override
        public List<Integer> parse(Args a) {
            if (!a.count(1, Integer.MAX_VALUE)) return null;
            int online = onlineCpus();
            TreeSet<Integer> cpus = new TreeSet<>();
            for (int i = 0; i < a.size(); i++) {
                Integer cpu = Types.number(a, i, 0, online - 1);
                if (cpu == null) return null;
                cpus.add(cpu);
            }
            return List.copyOf(cpus);
        }

        @Override
        public String syntax() {
            return "CPU_ID...";
        }

        @Override
        public String format(List<Integer> v) {
            return v.stream().map(String::valueOf).collect(Collectors.joining(" "));
        }
    };

    /** keepalived's range, 1 .. 2^32 - 1 microseconds; 1 becomes 2 as there (the soft limit is half of it). */
    static final ValueType<Long> RTTIME_MICROS = new ValueType<>() {
        @Override
        public Long parse(Args a) {
            if (!a.count(1, 1)) return null;
            String s = a.text(0).strip();
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                return a.error(0, "not a whole number");
            }
            if (v < 1 || v > 0xFFFF_FFFFL) return a.error(0, "number outside range [1, 4294967295]");
            return Math.max(2, v);
        }

        @Override
        public String syntax() {
            return "MICROSECONDS 1..4294967295";
        }
    };

    /** The number of the highest online CPU plus one (keepalived: sysconf(_SC_NPROCESSORS_ONLN)). */
    static int onlineCpus() {
        try {
            String text = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
            int max = -1;
            List<String> parts = new ArrayList<>(List.of(text.split(",")));
            for (String part : parts) {
                String[] range = part.split("-");
                max = Math.max(max, Integer.parseInt(range[range.length - 1].strip()));
            }
            return max + 1;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
