#!/usr/bin/python3
"""An HTTPS server for Ordo's tests that follows the documented contracts of
the ServiceNow Table API (/api/now/table/...) and the Jira REST API v2
(/rest/api/2/...), with HTTP basic authentication. No real instance of either
can run here. /_test/... lets a test inject faults and read what was stored
and every request it got, with its headers. --plain-http serves plain HTTP,
as a server a secret must never reach. Prints "ready" once it accepts
connections; stops on SIGTERM."""

import argparse
import base64
import json
import os
import signal
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

lock = threading.Lock()
tables = {}          # ServiceNow: table -> {sys_id: record}
issues = {}          # Jira: key -> {"fields": ..., "comments": [...]}
counters = {"incident": 10000, "jira": 0, "connections": 0}
faults = []          # [{"status": int, "delayMs": int, "location": url}] applied in order, one per request
requests = []        # {"method", "path", "headers", "connection"} of every API request


def matches(record, query):
    """ServiceNow encoded queries: conditions joined by ^, each field=value or fieldLIKEvalue."""
    for condition in filter(None, query.split("^")):
        if "LIKE" in condition:
            field, value = condition.split("LIKE", 1)
            if value not in str(record.get(field, "")):
                return False
        else:
            field, _, value = condition.partition("=")
            if str(record.get(field, "")) != value:
                return False
    return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        """One handler per connection: its number shows which requests shared one."""
        super().setup()
        with lock:
            counters["connections"] += 1
            self.connection_number = counters["connections"]

    def reply(self, status, payload=None):
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status, location):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}") if length else {}

    def authorized(self):
        expected = "Basic " + base64.b64encode(f"{self.server.user}:{self.server.password}".encode()).decode()
        return self.headers.get("Authorization") == expected

    def handle_any(self, method):
        url = urlparse(self.path)
        parts = [p for p in url.path.split("/") if p]
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if parts[:1] == ["_test"]:
            return self.test_api(method, parts[1:])
        payload = self.body() if method in ("POST", "PUT", "PATCH") else None
        with lock:
            requests.append({"method": method, "path": url.path, "headers": dict(self.headers.items()), "connection": self.connection_number})
            fault = faults.pop(0) if faults else None
        if fault:
            time.sleep(fault.get("delayMs", 0) / 1000)
            if fault.get("location"):
                return self.redirect(fault.get("status", 307), fault["location"])
            if fault.get("status"):
                return self.reply(fault["status"], {"error": {"message": "injected fault", "detail": ""}})
        if not self.authorized():
            return self.reply(401, {"error": {"message": "User Not Authenticated", "detail": "Required to provide Auth information"}})
        if parts[:3] == ["api", "now", "table"] and len(parts) in (4, 5):
            return self.servicenow(method, parts[3], parts[4] if len(parts) == 5 else None, query, payload)
        if parts[:3] == ["rest", "api", "2"]:
            return self.jira(method, parts[3:], query, payload)
        if parts == ["echo"]:
            return self.reply(200, {"method": method, "body": payload, "query": query})
        if parts == ["big"]:
            return self.big(int(query.get("mb", "1")))
        self.reply(404, {"error": {"message": "No such resource"}})

    def big(self, mebibytes):
        """A JSON answer of about that many MiB, streamed without a length."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(b'{"filler": "')
            chunk = b"x" * (1024 * 1024)
            for _ in range(mebibytes):
                self.wfile.write(chunk)
            self.wfile.write(b'"}')
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def servicenow(self, method, table, sys_id, query, payload):
        with lock:
            rows = tables.setdefault(table, {})
            if sys_id is None and method == "GET":
                found = [r for r in rows.values() if matches(r, query.get("sysparm_query", ""))]
                limit = int(query.get("sysparm_limit", len(found) or 1))
                return self.reply(200, {"result": found[:limit]})
            if sys_id is None and method == "POST":
                record = {k: str(v) for k, v in payload.items()}
                record["sys_id"] = uuid.uuid4().hex
                if table == "incident":
                    counters["incident"] += 1
                    record["number"] = f"INC{counters['incident']:07d}"
                    comment = record.pop("comments", None)
                    if comment:
                        self.journal(record["sys_id"], comment)
                rows[record["sys_id"]] = record
                return self.reply(201, {"result": record})
            if sys_id not in rows:
                return self.reply(404, {"error": {"message": "No Record found", "detail": "Record doesn't exist or ACL restricts the record retrieval"}})
            if method == "GET":
                return self.reply(200, {"result": rows[sys_id]})
            if method in ("PUT", "PATCH"):
                for k, v in payload.items():
                    if k in ("comments", "work_notes"):
                        self.journal(sys_id, str(v), k)
                    else:
                        rows[sys_id][k] = str(v)
                return self.reply(200, {"result": rows[sys_id]})
            if method == "DELETE":
                del rows[sys_id]
                return self.reply(204)
        self.reply(405, {"error": {"message": "Method not supported"}})

    @staticmethod
    def journal(element_id, value, element="comments"):
        entry = {"sys_id": uuid.uuid4().hex, "element_id": element_id, "element": element, "value": value}
        tables.setdefault("sys_journal_field", {})[entry["sys_id"]] = entry

    def jira(self, method, parts, query, payload):
        with lock:
            if parts == ["issue"] and method == "POST":
                counters["jira"] += 1
                key = f"{payload['fields']['project']['key']}-{counters['jira']}"
                issues[key] = {"id": str(10000 + counters["jira"]), "key": key, "fields": payload["fields"], "comments": []}
                return self.reply(201, {"id": issues[key]["id"], "key": key, "self": f"/rest/api/2/issue/{key}"})
            if parts == ["search"] and method == "GET":
                jql = query.get("jql", "")
                label = jql.split("=", 1)[1].strip().strip('"') if jql.startswith("labels") else None
                found = [{"id": i["id"], "key": k} for k, i in issues.items() if label in i["fields"].get("labels", [])]
                return self.reply(200, {"startAt": 0, "maxResults": 50, "total": len(found), "issues": found})
            if len(parts) == 3 and parts[0] == "issue" and parts[2] == "comment":
                issue = issues.get(parts[1])
                if issue is None:
                    return self.reply(404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}})
                if method == "GET":
                    return self.reply(200, {"startAt": 0, "total": len(issue["comments"]), "comments": issue["comments"]})
                if method == "POST":
                    comment = {"id": str(len(issue["comments"]) + 1), "body": payload["body"]}
                    issue["comments"].append(comment)
                    return self.reply(201, comment)
        self.reply(404, {"errorMessages": ["not found"], "errors": {}})

    def test_api(self, method, parts):
        with lock:
            if parts == ["fault"] and method == "POST":
                faults.extend(self.body().get("faults", []))
                return self.reply(200, {"queued": len(faults)})
            if parts == ["state"]:
                return self.reply(200, {"tables": tables, "issues": issues, "requests": requests})
        self.reply(404, {})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--plain-http", action="store_true")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.user = args.user
    server.password = os.environ["ORDO_TEST_SERVER_PASSWORD"]
    if not args.plain_http:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
