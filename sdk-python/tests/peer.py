"""A loopback HTTP peer that records requests and answers with a set status/body (unit tests only)."""

import http.server
import threading


class Peer:
    def __init__(self):
        self.requests = []
        self.status = 200
        self.answer = b""
        peer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _handle(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                peer.requests.append({"method": self.command, "path": self.path,
                                      "headers": dict(self.headers), "body": body})
                self.send_response(peer.status)
                self.send_header("Content-Length", str(len(peer.answer)))
                self.end_headers()
                self.wfile.write(peer.answer)

            do_GET = do_PUT = do_POST = do_DELETE = _handle

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def last(self):
        return self.requests[-1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
