"""A local SMTP sink for end-to-end tests: writes each message it receives to DIR/N.eml with
its envelope, and the port it listens on to DIR/port. Usage: smtp_sink.py DIR"""
import asyncio
import os
import socket
import sys

from aiosmtpd.controller import Controller

directory = sys.argv[1]
count = 0


class Sink:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        with open(os.path.join(directory, f"{count}.eml"), "wb") as out:
            out.write(f"X-Envelope-From: {envelope.mail_from}\r\n".encode())
            out.write(f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode())
            out.write(envelope.original_content)
        return "250 OK"


with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
with open(os.path.join(directory, "port"), "w") as out:
    out.write(str(port))
try:
    asyncio.new_event_loop().run_until_complete(asyncio.sleep(3600))
finally:
    controller.stop()
