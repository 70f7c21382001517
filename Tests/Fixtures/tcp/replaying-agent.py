#!/usr/bin/env python3
"""A cheating tcp "agent" for tests: it knows the token and the enrolled device's PUBLIC key (both
end up in reports and configs) and replays a signature the real device once gave, but it does not
hold the device's secret key. Usage: replaying-agent.py TOKEN PUBLIC_KEY_B64 SIGNATURE_B64.
Prints "listening 127.0.0.1:PORT", serves one connection, answers auth, hello and device_key."""
import json
import socket
import sys

token, public_key, signature = sys.argv[1:4]
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
print(f"listening 127.0.0.1:{server.getsockname()[1]}", flush=True)
connection, _ = server.accept()
stream = connection.makefile("rw")
for line in stream:
    request = json.loads(line)
    op = request.get("op")
    if op == "auth":
        reply = {"id": 0, "ok": request.get("token") == token, "auth": "accepted"}
    elif op == "hello":
        reply = {"id": request["id"], "ok": True, "agent": "aitc-agent", "agent_version": "0.1.0", "protocol": 1,
                 "capabilities": ["device_key"], "clock": "CLOCK_MONOTONIC", "backends": ["reference"]}
    elif op == "device_key":
        reply = {"id": request["id"], "ok": True, "algorithm": "ed25519", "public_key": public_key, "signature": signature}
    else:
        break
    stream.write(json.dumps(reply) + "\n")
    stream.flush()
