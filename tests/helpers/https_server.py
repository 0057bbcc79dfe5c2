#!/usr/bin/python3
"""A small HTTPS server for tests/unit/test_http_client.cpp (tag [http]).

Usage: https_server.py DIR
Generates, with the openssl CLI, a throw-away CA (DIR/ca.pem) and a server
certificate for mail.contoso.com and 127.0.0.1 signed by it, then serves on
127.0.0.1 at an ephemeral port, printed as the first line on stdout. Exits
when stdin reaches end of file (the test died or closed it) or on SIGTERM.

Routes:
  GET  /cookie    200, two Set-Cookie headers
  GET  /redirect  302 to /echo
  GET  /slow      sleeps 10 s, then 200
  *    /echo      200, body: one "name=value" line each for method, host,
                  sni (the TLS server name the client sent), cookie and
                  length (of the request body; the body itself is not echoed)
Python standard library only; run with /usr/bin/python3.
"""
import http.server
import os
import socketserver
import ssl
import subprocess
import sys
import threading
import time


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_certificates(d):
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=casdoctor test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=mail.contoso.com", cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:mail.contoso.com,IP:127.0.0.1\n"
                "basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-set_serial", "2", "-days", "2", "-extfile", "server.ext",
            "-out", "server.pem", cwd=d)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # read and dropped: it may hold a password
        path = self.path.split("?")[0]
        if path == "/cookie":
            self.reply(200, b"cookies set\n", [
                ("Set-Cookie", "cadata=abc123; path=/; secure; HttpOnly"),
                ("Set-Cookie", "PBack=0; path=/"),
            ])
        elif path == "/redirect":
            self.reply(302, b"moved\n", [("Location", "/echo")])
        elif path == "/slow":
            time.sleep(10)
            self.reply(200, b"late\n")
        elif path == "/echo":
            sni = getattr(self.connection, "casdoctor_sni", None) or ""
            lines = [
                "method=" + self.command,
                "host=" + (self.headers.get("Host") or ""),
                "sni=" + sni,
                "cookie=" + (self.headers.get("Cookie") or ""),
                "length=" + str(length),
            ]
            self.reply(200, ("\n".join(lines) + "\n").encode())
        else:
            self.reply(404, b"not found\n")

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    context = None

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the connection's own thread, so a client
        # that gives up half-way cannot stall the accepting one.
        tls = self.context.wrap_socket(request, server_side=True)
        try:
            super().finish_request(tls, client_address)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        pass  # clients that reject the certificate or time out are expected


def main():
    d = sys.argv[1]
    make_certificates(d)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(d, "server.pem"), os.path.join(d, "server.key"))

    def remember_sni(sock, name, _ctx):
        sock.casdoctor_sni = name

    context.sni_callback = remember_sni
    server = Server(("127.0.0.1", 0), Handler)
    server.context = context
    print(server.server_address[1], flush=True)

    def watch_stdin():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
