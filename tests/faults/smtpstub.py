"""A tiny SMTP server on 127.0.0.1 for the kill tests: it can hold a message unanswered.

With `hold` set it reads a whole message and never answers the final dot, as a
slow mail server does, so a test can kill the sender mid-send. `accepted`
lists the messages it answered 250 to (the ones a real server would deliver).
"""

import socketserver
import threading


class SmtpStub:
    def __init__(self):
        self.hold = threading.Event()
        self.held = threading.Event()  # a message arrived while holding
        self.accepted = []
        stub = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                self.reply("220 stub ESMTP")
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith(("EHLO", "HELO")):
                        self.reply("250 stub")
                    elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                        self.reply("250 OK")
                    elif command == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        body = b"".join(iter(self._line_until_dot, None))
                        if stub.hold.is_set():
                            stub.held.set()
                            return  # never answers: the client waits until it is killed
                        stub.accepted.append(body)
                        self.reply("250 OK queued")
                    elif command == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

            def _line_until_dot(self):
                line = self.rfile.readline()
                return None if line in (b".\r\n", b"") else line

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
