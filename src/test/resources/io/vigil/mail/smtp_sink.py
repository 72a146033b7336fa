"""A real SMTP server for tests (Debian's python3-aiosmtpd): each message accepted is written to DIR/NNN.eml with
its envelope (X-Envelope-From, X-Envelope-To, X-Helo) before the content as received. A recipient whose address
starts with "reject" is refused with 550. Usage: smtp_sink.py HOST PORT DIR; prints "ready" once listening."""
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "%03d.eml" % self.count)
        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\nX-Helo: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos), session.host_name)
        with open(path + ".tmp", "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 OK queued"


async def main(host, port, directory):
    loop = asyncio.get_running_loop()
    handler = Sink(directory)
    server = await loop.create_server(lambda: SMTP(handler, hostname="sink.test"), host, port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
