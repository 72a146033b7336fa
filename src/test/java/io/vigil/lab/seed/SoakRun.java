package io.vigil.lab.seed;

import io.vigil.api.JsonSchemaCheck;
import io.vigil.lab.Lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The soak (issue #12): three directors running the whole Vigil daemon (userspace proxy) with three VRRP instances — VI_1
 * and VI_3 in one sync group mastered by lb1, VI_2 mastered by lb2 — and two virtual servers over four nginx real servers
 * with HTTP_GET checks; a client through both VIPs all the time (a connection per request and keep-alive); a flooder
 * host. Faults from {@link SoakPlan}'s seeded schedule are injected while a poller reads every director's status document
 * (the control socket's {@code status-json}) and held addresses every 250 ms and the Vigil processes' resources every 5 s;
 * {@link SoakJudge} judges it all at the end. Run by {@code bench/soak.sh} ({@link #main}) and SoakLabTest (CI mode).
 */
public final class SoakRun {
    static final String NET = "198.18.4.";
    static final Map<String, String> VIPS = Map.of("VI_1", NET + "2", "VI_2", NET + "3", "VI_3", NET + "4");
    static final String FLOODER = NET + "66";
    static final int DIRECTORS = 3, REAL_SERVERS = 4;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    public record Settings(long seed, double minutes, long gapMillis) {}

    private final Settings settings;
    private final Path dir;
    private Lab lab;
    private final Map<String, Lab.Host> hosts = new LinkedHashMap<>();
    private final Map<String, SeedDirector> directors = new LinkedHashMap<>();
    private final List<SoakJudge.Truth> truth = Collections.synchronizedList(new ArrayList<>());
    private final List<SoakJudge.Tick> ticks = Collections.synchronizedList(new ArrayList<>());
    private final List<SoakJudge.Resource> resources = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> injectionErrors = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean polling = true;

    public SoakRun(Settings settings, Path dir) {
        this.settings = settings;
        this.dir = dir;
    }

    static String clock(long millis) {
        return CLOCK.format(Instant.ofEpochMilli(millis));
    }

    Lab lab() {
        return lab;
    }

    Path dir() {
        return dir;
    }

    Lab.Host host(String name) {
        return hosts.get(name);
    }

    Lab.Host flooder() {
        return hosts.get("x");
    }

    SeedDirector director(String name) {
        return directors.get(name);
    }

    void truth(String rs, boolean up) {
        truth.add(new SoakJudge.Truth(System.currentTimeMillis(), "[" + NET + (20 + Integer.parseInt(rs.substring(2))) + "]", up));
    }

    void note(String format, Object... args) {
        String line = clock(System.currentTimeMillis()) + " " + String.format(Locale.ROOT, format, args);
        notes.add(line);
        System.out.println("[soak] " + line);
    }

    /** The VRID of the instance the flood aims at when {@code director} is the fault's target: lb1 VI_1, lb2 VI_2, lb3 VI_3. */
    static int vridAimedAt(String director) {
        return 60 + Integer.parseInt(director.substring(2));
    }

    /** Runs the soak; the lab is deleted at the end. Returns the report. */
    public SoakReport run() throws Exception {
        long length = Math.round(settings.minutes() * 60_000);
        List<SoakPlan.Fault> plan = SoakPlan.schedule(settings.seed(), length, 15_000, 30_000, settings.gapMillis(), DIRECTORS, REAL_SERVERS);
        System.out.println("[soak] seed " + settings.seed() + ", " + settings.minutes() + " min, " + plan.size() + " faults (replay: bench/soak.sh --seed "
                + settings.seed() + " --minutes " + settings.minutes() + " --gap-seconds " + settings.gapMillis() / 1000.0 + "):");
        plan.forEach(f -> System.out.println("[soak]   " + f));
        String loadBefore = loadAverage();
        try (Lab l = Lab.create("sk")) {
            lab = l;
            build();
            long t0 = System.currentTimeMillis();
            for (SeedDirector d : directors.values()) d.start();
            awaitSettled(t0);
            note("settled %d ms after the daemons were started", System.currentTimeMillis() - t0);
            Path requestsFile = dir.resolve("requests.txt");
            hosts.get("cl").spawn(List.of("python3", dir.resolve("soak_client.py").toString(), "--out", requestsFile.toString(),
                    "--vip", VIPS.get("VI_1"), "--vip", VIPS.get("VI_2")), dir.resolve("client.log"));
            Thread poller = Thread.ofPlatform().name("soak-poll").start(this::poll);
            Thread sampler = Thread.ofPlatform().name("soak-resources").start(this::sampleResources);
            long start = System.currentTimeMillis();
            List<Future<SoakJudge.Injected>> injected = new ArrayList<>();
            for (SoakPlan.Fault f : plan) {
                injected.add(pool.submit(() -> {
                    SoakFaults.sleep(Math.max(0, start + f.atMillis() - System.currentTimeMillis()));
                    note("inject %s", f);
                    long at = System.currentTimeMillis();
                    try {
                        SoakJudge.Injected i = new SoakFaults(this).inject(f);
                        note("healed #%d %s %s", f.number(), f.kind(), f.target());
                        return i;
                    } catch (Exception | AssertionError e) {
                        // The harness failed, not Vigil: said so, and the run does not pass.
                        note("could not inject %s: %s", f, e.getMessage());
                        injectionErrors.add("fault " + f + " could not be injected: " + e.getMessage());
                        return new SoakJudge.Injected(f, at, System.currentTimeMillis());
                    }
                }));
            }
            SoakFaults.sleep(Math.max(0, start + length - System.currentTimeMillis()));
            List<SoakJudge.Injected> done = new ArrayList<>();
            for (Future<SoakJudge.Injected> f : injected) done.add(f.get(120, TimeUnit.SECONDS));
            polling = false;
            poller.join(10_000);
            sampler.join(10_000);
            long end = System.currentTimeMillis();
            List<SoakJudge.Request> requests = readRequests(requestsFile, start, end);
            SoakJudge judge = new SoakJudge(VIPS, done);
            List<SoakJudge.Tick> polled = List.copyOf(ticks);
            judge.judgeVrrp(polled);
            judge.judgeHealth(polled, List.copyOf(truth));
            Map<String, Long> failedByKind = judge.judgeRequests(requests);
            List<SoakJudge.Trend> trends = judge.judgeResources(List.copyOf(resources), start + 30_000, 8);
            List<String> violations = new ArrayList<>(injectionErrors);
            violations.addAll(judge.violations());
            Map<String, String> logs = new LinkedHashMap<>();
            directors.forEach((n, d) -> logs.put(n, d.log()));
            return new SoakReport(settings, start, end, loadBefore, loadAverage(), done, requests, failedByKind, judge.worstGapMillis(), trends,
                    violations, polled.size(), List.copyOf(notes), logs);
        } finally {
            polling = false;
            pool.shutdownNow();
        }
    }

    private void build() throws IOException {
        for (int n = 1; n <= DIRECTORS; n++) hosts.put("lb" + n, lab.host("lb" + n, NET + (10 + n) + "/24"));
        for (int n = 1; n <= REAL_SERVERS; n++) hosts.put("rs" + n, lab.host("rs" + n, NET + (20 + n) + "/24"));
        hosts.put("cl", lab.host("cl", NET + "10/24"));
        hosts.put("x", lab.host("x", FLOODER + "/24"));
        for (String resource : List.of("soak_client.py", "hostile_adverts.py")) {
            try (InputStream in = SoakRun.class.getResourceAsStream("/lab/" + resource)) {
                Files.write(dir.resolve(resource), in.readAllBytes());
            }
        }
        hosts.get("x").sh("ip route add 224.0.0.0/4 dev eth0");
        hosts.get("cl").sh("sysctl -qw net.ipv4.ip_local_port_range='1024 65000' net.ipv4.tcp_tw_reuse=1");
        for (int n = 1; n <= DIRECTORS; n++) {
            String name = "lb" + n;
            // The proxy listens on the VIPs before holding them (as HAProxy set-ups do).
            hosts.get(name).sh("sysctl -qw net.ipv4.ip_nonlocal_bind=1 net.ipv4.ip_local_port_range='1024 65000' net.ipv4.tcp_tw_reuse=1");
            writeConfig(name, 0, false);
            directors.put(name, new SeedDirector(hosts.get(name), name, dir, dir.resolve(name + ".conf"), installedJvmOptions()));
        }
        for (int n = 1; n <= REAL_SERVERS; n++) {
            try {
                ReloadLabTest.startNginx(hosts.get("rs" + n), dir, n);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            truth("rs" + n, true);
        }
    }

    /**
     * Writes {@code director}'s configuration: VI_1/VI_3 priority 150 on lb1, 100 on lb2, 50 on lb3; VI_2 150 on lb2, 100 on
     * lb3, 50 on lb1; every priority {@code raised} instead when not 0; a misspelt keyword when {@code broken}.
     */
    void writeConfig(String director, int raised, boolean broken) throws IOException {
        int n = Integer.parseInt(director.substring(2));
        int p1 = raised > 0 ? raised : new int[]{150, 100, 50}[n - 1];
        int p2 = raised > 0 ? raised : new int[]{50, 150, 100}[n - 1];
        StringBuilder c = new StringBuilder("global_defs {\n    router_id " + director + "\n    vigil_data_plane proxy\n}\n");
        c.append("vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_3\n    }\n}\n");
        c.append(ReloadLabTest.instance("VI_1", "eth0", 61, p1, VIPS.get("VI_1")));
        c.append(ReloadLabTest.instance("VI_2", "eth0", 62, p2, VIPS.get("VI_2")));
        c.append(ReloadLabTest.instance("VI_3", "eth0", 63, p1, VIPS.get("VI_3")));
        for (String vi : List.of("VI_1", "VI_2")) {
            c.append("virtual_server ").append(VIPS.get(vi)).append(" 80 {\n    ").append(broken ? "delay_lop" : "delay_loop")
                    .append(" 1\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n");
            for (int r = 1; r <= REAL_SERVERS; r++) {
                c.append("    real_server ").append(NET).append(20 + r).append(" 80 {\n        weight 1\n        HTTP_GET {\n")
                        .append("            url {\n                path /\n                status_code 200\n            }\n")
                        .append("            connect_timeout 1\n            retry 1\n            delay_before_retry 1\n        }\n    }\n");
            }
            c.append("}\n");
        }
        Files.writeString(dir.resolve(director + ".conf"), c.toString());
    }

    /** Until the planned masters hold their VIPs, every director sees every real server up, and both VIPs answer. */
    private void awaitSettled(long t0) throws InterruptedException {
        long until = t0 + 180_000;
        while (System.currentTimeMillis() < until) {
            List<SoakJudge.View> views = views();
            boolean ok = views.stream().allMatch(v -> v.answered() && v.health().size() == 2 * REAL_SERVERS
                    && v.health().values().stream().allMatch("up"::equals))
                    && Boolean.TRUE.equals(views.get(0).holds().get(VIPS.get("VI_1"))) && Boolean.TRUE.equals(views.get(1).holds().get(VIPS.get("VI_2")));
            // And both VIPs answer through the proxy (the VIP can come up before the proxy child listens).
            if (ok && List.of("VI_1", "VI_2").stream().allMatch(vi -> hosts.get("cl").trySh("curl -s -m 2 http://" + VIPS.get(vi) + "/", 5)
                    .output().startsWith("rs"))) return;
            Thread.sleep(250);
        }
        throw new AssertionError("the lab never settled (masters holding their VIPs, every real server up): " + views()
                + "\n--- lb1 ---\n" + directors.get("lb1").log());
    }

    private void poll() {
        while (polling) {
            long t = System.currentTimeMillis();
            ticks.add(new SoakJudge.Tick(t, views()));
            try {
                Thread.sleep(Math.max(0, t + 250 - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every director now: its status document (1.5 s at most: a stopped parent never answers) and the VIPs it holds. */
    private List<SoakJudge.View> views() {
        Map<String, Future<String>> answers = new LinkedHashMap<>();
        directors.forEach((n, d) -> answers.put(n, pool.submit(() -> d.running() ? d.control("status-json") : "")));
        List<SoakJudge.View> out = new ArrayList<>();
        for (Map.Entry<String, SeedDirector> e : directors.entrySet()) {
            SeedDirector d = e.getValue();
            Map<String, Boolean> holds = new LinkedHashMap<>();
            for (String vip : VIPS.values()) holds.put(vip, d.holds(vip));
            String json;
            try {
                json = answers.get(e.getKey()).get(1_500, TimeUnit.MILLISECONDS);
            } catch (Exception ex) {
                json = "";
            }
            out.add(view(e.getKey(), d.running(), json, holds));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static SoakJudge.View view(String director, boolean running, String json, Map<String, Boolean> holds) {
        Map<String, String> states = new LinkedHashMap<>(), health = new LinkedHashMap<>();
        boolean vrrpAlive = false, checkerAlive = false, answered = json.startsWith("{");
        if (answered) {
            Map<String, Object> doc = (Map<String, Object>) JsonSchemaCheck.parse(json);
            for (Object o : (List<Object>) doc.get("instances")) {
                Map<String, Object> i = (Map<String, Object>) o;
                states.put((String) i.get("name"), (String) i.get("state"));
            }
            for (Object o : (List<Object>) doc.get("realServers")) {
                Map<String, Object> r = (Map<String, Object>) o;
                health.put(r.get("virtualServer") + " " + r.get("realServer"), (String) r.get("health"));
            }
            for (Object o : (List<Object>) doc.get("children")) {
                Map<String, Object> c = (Map<String, Object>) o;
                boolean alive = Boolean.TRUE.equals(c.get("alive"));
                if ("vigil-vrrp".equals(c.get("name"))) vrrpAlive = alive;
                if ("vigil-check".equals(c.get("name"))) checkerAlive = alive;
            }
        }
        return new SoakJudge.View(director, running, answered, vrrpAlive, checkerAlive, states, holds, health);
    }

    /**
     * The JVM options bin/vigil gives the parent and every child (its {@code defaults=} line): the soak judges memory, so
     * its daemons run with the heap and code-cache limits an installed Vigil has (with the JVM's own defaults, a child's
     * heap grows to a quarter of the machine and the RSS invariant measures that instead).
     */
    static List<String> installedJvmOptions() {
        try {
            String script = Files.readString(Path.of("bin/vigil"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^defaults=\"((?:[^\"\\\\]|\\\\\\n)*)\"").matcher(script);
            if (!m.find()) throw new IllegalStateException("bin/vigil has no defaults=\"...\" line");
            return List.of(m.group(1).replace("\\\n", " ").trim().split("\\s+"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bin/vigil (run from the repository's root): " + e.getMessage());
        }
    }

    /** Inodes of the TCP sockets in ESTABLISHED state (st 01) in the process's network namespace. */
    private static java.util.Set<String> establishedSocketInodes(Path proc) {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(proc.resolve(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("01")) inodes.add(f[9]);
                }
            } catch (IOException | RuntimeException e) {
                // no such table (IPv6 off) or the process just died
            }
        }
        return inodes;
    }

    private void sampleResources() {
        while (polling) {
            long t = System.currentTimeMillis();
            directors.forEach((n, d) -> {
                List<ProcessHandle> alive = d.processes();
                // Each sample is stamped when its process was seen alive, not when the round began: a round reads
                // /proc for a dozen processes and can take seconds under load, and a child restarted during the round
                // must not look born before the fault that restarted it.
                long seenMillis = System.currentTimeMillis();
                for (ProcessHandle h : alive) {
                    try {
                        Path proc = Path.of("/proc/" + h.pid());
                        // By the child's kind on its command line: a just-started child is still called "java".
                        String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-Dvigil\\.process=(\\S+)").matcher(cmdline);
                        String name = m.find() ? "vigil-" + m.group(1) : "vigil";
                        long rss = 0;
                        int threads = 0;
                        for (String line : Files.readAllLines(proc.resolve("status"))) {
                            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
                            if (line.startsWith("Threads:")) threads = Integer.parseInt(line.replaceAll("\\D", ""));
                        }
                        java.util.Set<String> established = establishedSocketInodes(proc);
                        int fds = 0, connFds = 0;
                        try (var s = Files.list(proc.resolve("fd"))) {
                            for (Path fd : (Iterable<Path>) s::iterator) {
                                fds++;
                                try {
                                    String target = Files.readSymbolicLink(fd).toString();
                                    if (target.startsWith("socket:[") && established.contains(target.substring(8, target.length() - 1))) connFds++;
                                } catch (IOException closedMeanwhile) {
                                    // counted as a descriptor, not as a connection
                                }
                            }
                        }
                        resources.add(new SoakJudge.Resource(seenMillis, n, h.pid(), name, rss, fds, connFds, threads));
                    } catch (IOException | RuntimeException e) {
                        // the process just died
                    }
                }
            });
            try {
                Thread.sleep(Math.max(0, t + 5_000 - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<SoakJudge.Request> readRequests(Path file, long from, long to) throws IOException {
        List<SoakJudge.Request> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split(" ");
            if (f.length != 5) continue;
            long t = Long.parseLong(f[0]);
            if (t < from || t > to) continue;
            out.add(new SoakJudge.Request(t, f[1], f[2], f[3].equals("ok"), f[3], Double.parseDouble(f[4])));
        }
        return out;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code bench/soak.sh}: {@code [--minutes N] [--seed S] [--gap-seconds G] [--out FILE]}; exits 1 on a violation. */
    public static void main(String[] args) throws Exception {
        double minutes = 30;
        long seed = System.currentTimeMillis() % 100_000;
        long gap = 10_000;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--gap-seconds" -> gap = Math.round(Double.parseDouble(args[++i]) * 1000);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("soak: unknown option " + args[i] + " (--minutes N --seed S --gap-seconds G --out FILE)");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("vigil-soak");
        SoakReport report = new SoakRun(new Settings(seed, minutes, gap), dir).run();
        String text = report.markdown();
        System.out.println(text);
        if (out != null) Files.writeString(out, text);
        System.out.println("[soak] files (logs, requests) kept in " + dir);
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }
}
