"""A local SMTP sink for end-to-end tests. Usage:

    smtp_sink.py DIR [--tls CERT KEY [--implicit-tls]] [--auth USER:PASSWORD] [--auth-in-clear]
                     [--exclude MECH]

Writes each message it receives to DIR/N.eml, headed by its envelope and how it arrived
(X-Sink-TLS: yes|no, X-Sink-Auth: the login or none), and the port it listens on to DIR/port.
--tls offers STARTTLS with that certificate, or with --implicit-tls speaks TLS from the first
byte (SMTPS); --auth requires a login before MAIL, offered only over TLS unless --auth-in-clear; --exclude withholds an AUTH mechanism (LOGIN or PLAIN).
Every AUTH attempt is appended to DIR/auth.log as "MECHANISM LOGIN ok|denied tls|clear".
Recipients listed in DIR/reject, when it exists, are refused with 550."""
import argparse
import asyncio
import os
import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

parser = argparse.ArgumentParser()
parser.add_argument("directory")
parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
parser.add_argument("--implicit-tls", action="store_true")
parser.add_argument("--auth", metavar="USER:PASSWORD")
parser.add_argument("--auth-in-clear", action="store_true")
parser.add_argument("--exclude", action="append", default=[])
args = parser.parse_args()
directory = args.directory
count = 0


def note(name, line):
    with open(os.path.join(directory, name), "a") as out:
        out.write(line + "\n")


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        rejected = os.path.join(directory, "reject")
        if os.path.exists(rejected) and address in open(rejected).read().split():
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        login = session.auth_data.login.decode() if session.authenticated else "none"
        with open(os.path.join(directory, f"{count}.eml"), "wb") as out:
            out.write(f"X-Envelope-From: {envelope.mail_from}\r\n".encode())
            out.write(f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode())
            out.write(f"X-Sink-TLS: {'yes' if secure(server, session) else 'no'}\r\n".encode())
            out.write(f"X-Sink-Auth: {login}\r\n".encode())
            out.write(envelope.original_content)
        return "250 OK"


def secure(server, session):
    """Whether the session is encrypted, by STARTTLS or from the start."""
    return session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None


def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = args.auth.split(":", 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    note("auth.log", f"{mechanism} {auth_data.login.decode()} {'ok' if ok else 'denied'} "
         f"{'tls' if secure(server, session) else 'clear'}")
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


options = {}
if args.tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*args.tls)
    options["ssl_context" if args.implicit_tls else "tls_context"] = context
if args.auth:
    # aiosmtpd counts only STARTTLS as TLS; a server speaking TLS from the start offers AUTH.
    options.update(authenticator=authenticator, auth_required=True,
                   auth_require_tls=not args.auth_in_clear and not args.implicit_tls,
                   auth_exclude_mechanism=args.exclude)

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Sink(), hostname="127.0.0.1", port=port, **options)
controller.start()
with open(os.path.join(directory, "port"), "w") as out:
    out.write(str(port))
try:
    asyncio.new_event_loop().run_until_complete(asyncio.sleep(3600))
finally:
    controller.stop()
