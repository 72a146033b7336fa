"""A real gRPC server (grpcio) with grpc.health.v1.Health/Check for GrpcProbeTest, protobuf written by hand.

Services: "" and "ok" SERVING, "down" NOT_SERVING, "hang" never answers; any other name NOT_FOUND (as the
reference health servicer does). Prints "PORT <n>" once listening on 127.0.0.1, then serves until stdin closes. With arguments KEY.pem CERT.pem it
serves over TLS (grpcio negotiates h2 by ALPN) instead of plaintext HTTP/2.
"""
import sys
import threading
from concurrent import futures

import grpc

STATUS = {"": 1, "ok": 1, "down": 2}
hang = threading.Event()


def service_of(request: bytes) -> str:
    # HealthCheckRequest { string service = 1; }: only field 1 (tag 0x0a) is expected
    i, name = 0, b""
    while i < len(request):
        tag = request[i]; i += 1
        length, shift = 0, 0
        while True:
            b = request[i]; i += 1
            length |= (b & 0x7F) << shift; shift += 7
            if not b & 0x80:
                break
        if tag == 0x0A:
            name = request[i:i + length]
        i += length
    return name.decode()


def check(request: bytes, context) -> bytes:
    name = service_of(request)
    if name == "hang":
        hang.wait(60)
        context.abort(grpc.StatusCode.UNAVAILABLE, "stopped")
    if name not in STATUS:
        context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
    return bytes([0x08, STATUS[name]])  # HealthCheckResponse { status = 1 }


handler = grpc.method_handlers_generic_handler("grpc.health.v1.Health", {
    "Check": grpc.unary_unary_rpc_method_handler(check, request_deserializer=None, response_serializer=None),
})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
server.add_generic_rpc_handlers((handler,))
if len(sys.argv) == 3:
    with open(sys.argv[1], "rb") as k, open(sys.argv[2], "rb") as c:
        port = server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([(k.read(), c.read())]))
else:
    port = server.add_insecure_port("127.0.0.1:0")
server.start()
print("PORT", port, flush=True)
sys.stdin.read()
hang.set()
server.stop(0)
