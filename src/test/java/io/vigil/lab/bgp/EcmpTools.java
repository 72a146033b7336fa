package io.vigil.lab.bgp;

import java.nio.file.Path;
import java.util.List;

/**
 * The lab's Python helpers: real servers that answer with their name and the address the connection came from (the
 * director's, since the proxy opens its own connection), a client that opens many new connections and counts them by
 * director, and a client that holds long flows (HTTP keep-alive, a request every 200 ms) and records which broke.
 */
final class EcmpTools {
    private EcmpTools() {}

    private static final String SERVER = """
            import http.server, sys
            name = sys.argv[1]
            class Reply(http.server.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'
                def do_GET(self):
                    body = ('%s %s\\n' % (name, self.client_address[0])).encode()
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            http.server.ThreadingHTTPServer.allow_reuse_address = True
            http.server.ThreadingHTTPServer.daemon_threads = True
            http.server.ThreadingHTTPServer(('0.0.0.0', 80), Reply).serve_forever()
            """;

    /** {@code N} new connections one after another, one request each; prints {"director": count, ..., "FAIL": n}. */
    private static final String SPREAD = """
            import http.client, json, sys
            vip, n = sys.argv[1], int(sys.argv[2])
            counts = {}
            for i in range(n):
                who = 'FAIL'
                try:
                    c = http.client.HTTPConnection(vip, 80, timeout=2)
                    c.request('GET', '/', headers={'Connection': 'close'})
                    who = c.getresponse().read().decode().split()[1]
                    c.close()
                except Exception:
                    pass
                counts[who] = counts.get(who, 0) + 1
            print(json.dumps(counts))
            """;

    /**
     * {@code N} keep-alive flows, one thread each, a request every 200 ms for {@code seconds}; writes OUT.ready once all
     * are open, then OUT: a line per flow, {@code DIRECTOR SERVER REQUESTS ok|BROKEN why}.
     */
    private static final String FLOWS = """
            import http.client, sys, threading, time
            vip, n, seconds, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
            flows = []
            for i in range(n):
                c = http.client.HTTPConnection(vip, 80, timeout=2)
                c.request('GET', '/')
                server, director = c.getresponse().read().decode().split()
                flows.append({'c': c, 'server': server, 'director': director, 'requests': 1, 'broken': None})
            open(out + '.ready', 'w').close()
            end = time.time() + seconds
            def run(f):
                while time.time() < end:
                    try:
                        f['c'].request('GET', '/')
                        server, director = f['c'].getresponse().read().decode().split()
                        if (server, director) != (f['server'], f['director']):
                            raise RuntimeError('answered by %s via %s' % (server, director))
                        f['requests'] += 1
                    except Exception as e:
                        f['broken'] = repr(e)[:100]
                        return
                    time.sleep(0.2)
            threads = [threading.Thread(target=run, args=(f,)) for f in flows]
            for t in threads: t.start()
            for t in threads: t.join()
            with open(out + '.tmp', 'w') as o:
                for f in flows:
                    o.write('%s %s %d %s\\n' % (f['director'], f['server'], f['requests'], 'ok' if f['broken'] is None else 'BROKEN ' + f['broken']))
            import os; os.rename(out + '.tmp', out)
            """;

    static List<String> server(String name) {
        return List.of("python3", "-c", SERVER, name);
    }

    static String spreadCommand(String vip, int connections) {
        return "python3 -c " + quote(SPREAD) + " " + vip + " " + connections;
    }

    static List<String> flows(String vip, int count, int seconds, Path out) {
        return List.of("python3", "-c", FLOWS, vip, Integer.toString(count), Integer.toString(seconds), out.toString());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
