"""A local HTTP listener for end-to-end tests: stores each POST body in DIR/N.json, answers
204, and writes its port to DIR/port. Usage: http_listener.py DIR [STATUS]"""
import http.server
import os
import sys

directory = sys.argv[1]
status = int(sys.argv[2]) if len(sys.argv) > 2 else 204
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        count += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(os.path.join(directory, f"{count}.json"), "wb") as out:
            out.write(body)
        with open(os.path.join(directory, f"{count}.type"), "w") as out:
            out.write(self.headers.get("Content-Type", ""))
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(directory, "port"), "w") as out:
    out.write(str(server.server_address[1]))
server.serve_forever()
