#!/usr/bin/env python3
"""An HTTPS server on 127.0.0.1 that requires a client certificate issued (through any chain the client sends) by
CAFILE. Usage: client_cert_server.py CERT KEY CAFILE. Prints 'PORT n', answers GET with 200 and the body
'client CN=<the client certificate's common name>', and stops when its stdin closes."""
import http.server
import ssl
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        cert = self.connection.getpeercert()
        cn = next((v for rdn in cert.get("subject", ()) for k, v in rdn if k == "commonName"), "?")
        body = ("client CN=%s\n" % cn).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def main():
    cert, key, cafile = sys.argv[1:4]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.load_verify_locations(cafile)
    ctx.verify_mode = ssl.CERT_REQUIRED
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
