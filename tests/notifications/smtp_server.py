"""A tiny SMTP server on a free local port, for tests of what the portal does when the
mail server refuses, stays silent or works. Its ``mode`` can change while it runs."""

import socketserver
import threading
from email import message_from_bytes

ACCEPT = "accept"  # takes every message
BUSY = "busy"  # greets with 554: no service
FULL = "full"  # 450 to every recipient: try again later
SILENT = "silent"  # accepts the connection and never says a word


class _Session(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        server.connections += 1
        mode = server.mode
        if mode == SILENT:
            server.release.wait(10)  # until the test ends; the client times out first
            return
        if mode == BUSY:
            self.reply("554 5.3.2 Service not available, try later")
            return
        self.reply("220 mail.example.kg ESMTP test")
        recipients = []
        for raw in self.rfile:
            command = raw.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 mail.example.kg")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                if mode == FULL:
                    self.reply("450 4.2.2 Mailbox full, try again later")
                else:
                    recipients.append(command.split(":", 1)[1].strip("<> "))
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                for data_line in self.rfile:
                    if data_line in (b".\r\n", b".\n"):
                        break
                    lines.append(data_line)
                with server.lock:
                    server.received.append((recipients, message_from_bytes(b"".join(lines))))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str = ACCEPT):
        super().__init__(("127.0.0.1", 0), _Session)
        self.mode = mode
        self.received: list = []
        self.connections = 0
        self.lock = threading.Lock()
        self.release = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.shutdown()
        self.server_close()
