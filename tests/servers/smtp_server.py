#!/usr/bin/python3
"""A real SMTP server for Ordo's tests: aiosmtpd with STARTTLS required (or
implicit TLS, SMTPS, with --implicit-tls) and AUTH (PLAIN, LOGIN) for one user,
storing every accepted mail as a file in a Maildir. With --replies FILE it
answers MAIL, RCPT or DATA with the reply that FILE (JSON, e.g. {"RCPT": "450
4.2.1 busy"}) holds for that command, read at each command, so a test changes
it between attempts. With --rendezvous the first mail's DATA waits until a
second connection has begun a mail, so that two senders overlap. Prints
"ready" once it accepts connections; stops on SIGTERM."""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler(Mailbox):
    def __init__(self, maildir, replies, rendezvous):
        super().__init__(maildir)
        self.replies = replies
        self.senders = set()
        self.together = asyncio.Event() if rendezvous else None

    def injected(self, command):
        if not self.replies or not os.path.exists(self.replies):
            return None
        with open(self.replies) as f:
            return json.load(f).get(command)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.senders.add(id(session))
        if self.together and len(self.senders) >= 2:
            self.together.set()
        reply = self.injected("MAIL")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.injected("RCPT")
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.together:
            try:
                await asyncio.wait_for(self.together.wait(), 30)
            except asyncio.TimeoutError:
                pass
        reply = self.injected("DATA")
        if reply:
            return reply
        return await super().handle_DATA(server, session, envelope)


def main():
    # aiosmtpd warns about its own use of a deprecated field on every AUTH.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--replies")
    parser.add_argument("--rendezvous", action="store_true")
    args = parser.parse_args()
    password = os.environ["ORDO_TEST_SERVER_PASSWORD"].encode()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode()
              and auth_data.password == password)
        # handled=False: aiosmtpd answers a failure with 535 itself.
        return AuthResult(success=ok, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    if args.implicit_tls:
        # The whole connection is TLS: aiosmtpd's "AUTH only after STARTTLS"
        # does not apply, and its warning about AUTH without TLS is not true.
        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
        tls = dict(ssl_context=context, auth_require_tls=False)
    else:
        tls = dict(tls_context=context, require_starttls=True, auth_require_tls=True)
    controller = Controller(Handler(args.maildir, args.replies, args.rendezvous), hostname="127.0.0.1", port=args.port,
                            server_hostname="localhost", authenticator=authenticate, auth_required=True, **tls)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
