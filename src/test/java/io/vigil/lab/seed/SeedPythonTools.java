package io.vigil.lab.seed;

import java.nio.file.Path;
import java.util.List;

/**
 * The scenario's client load and HTTP servers as single Python processes, for the user-mode-linux guest: there every
 * {@code exec} costs ~0.1 s of its one CPU, so curl in a shell loop (four execs per request) and socat's {@code SYSTEM:}
 * replies (three per request) would starve the directors. Same behaviour as the host's curl loop and socat servers:
 * one request at a time, 0.5 s connect timeout, 1 s in all, 50 ms pause, one line {@code EPOCH_NANOS BODY|FAIL} each;
 * the servers answer HTTP/1.0 200 with their name.
 */
final class SeedPythonTools {
    private SeedPythonTools() {}

    private static final String LOAD = """
            import socket, sys, time
            vip, out = sys.argv[1], open(sys.argv[2], 'a', buffering=1)
            request = ('GET / HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' % vip).encode()
            while True:
                start, who = time.time_ns(), 'FAIL'
                try:
                    with socket.create_connection((vip, 80), timeout=0.5) as c:
                        c.sendall(request)
                        data = b''
                        while True:
                            left = 1.0 - (time.time_ns() - start) / 1e9
                            if left <= 0:
                                raise TimeoutError()
                            c.settimeout(left)
                            chunk = c.recv(4096)
                            if not chunk:
                                break
                            data += chunk
                    head, _, body = data.partition(b'\\r\\n\\r\\n')
                    if head.startswith(b'HTTP/1.') and b' 200 ' in head.split(b'\\r\\n')[0] and body.strip():
                        who = body.decode(errors='replace').replace('\\n', '')
                except OSError:
                    pass
                out.write('%d %s\\n' % (start, who))
                time.sleep(0.05)
            """;

    private static final String SERVER = """
            import http.server, sys
            body = (sys.argv[1] + '\\n').encode()
            class Reply(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200)
                    self.send_header('Content-Type', 'text/plain')
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            http.server.ThreadingHTTPServer.allow_reuse_address = True
            http.server.ThreadingHTTPServer(('0.0.0.0', 80), Reply).serve_forever()
            """;

    /** The client: requests to {@code vip}:80 in a loop, one line each appended to {@code out}. */
    static List<String> load(String vip, Path out) {
        return List.of("python3", "-c", LOAD, vip, out.toString());
    }

    /** An HTTP/1.0 server on port 80 (all addresses, the VIP on lo too for DR) answering {@code name}. */
    static List<String> server(String name) {
        return List.of("python3", "-c", SERVER, name);
    }
}
