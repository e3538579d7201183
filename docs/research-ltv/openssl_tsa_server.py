#!/usr/bin/env python3
"""Minimal RFC 3161 HTTP TSA backed by `openssl ts -reply` (test use only).
usage: python3 openssl_tsa_server.py [PORT] [tsa.cnf]   -> POST http://127.0.0.1:PORT/ (any path)
Content-Type: application/timestamp-query in, application/timestamp-reply out."""
import subprocess, sys, tempfile, os
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8318
CNF = sys.argv[2] if len(sys.argv) > 2 else 'tsa.cnf'

class H(BaseHTTPRequestHandler):
    def do_POST(self):
        req = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with tempfile.TemporaryDirectory() as d:
            q, r = os.path.join(d, 'q.tsq'), os.path.join(d, 'r.tsr')
            open(q, 'wb').write(req)
            p = subprocess.run(['openssl', 'ts', '-reply', '-config', CNF,
                                '-queryfile', q, '-out', r], capture_output=True)
            if p.returncode != 0:
                self.send_response(500); self.end_headers()
                self.wfile.write(p.stderr); return
            body = open(r, 'rb').read()
        self.send_response(200)
        self.send_header('Content-Type', 'application/timestamp-reply')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass

HTTPServer(('127.0.0.1', PORT), H).serve_forever()
