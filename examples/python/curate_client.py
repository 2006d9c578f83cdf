#!/usr/bin/env python3
"""Talk to a curate node over its TCP event-bus bridge, with the standard library only.

Frames are a 4-byte big-endian length followed by a UTF-8 JSON object (the Vert.x TCP
bridge protocol). The bridge lets a client subscribe to progress, level and sample events
and send requests to the sample, cluster-members and run-status addresses.

Example, against `curate launch ... --bridge-port 7100 --serve` (a notebook does the same
with the Client class):

    python3 curate_client.py --port 7100 --target 1000 --seed 3 --wait-run
"""

import argparse
import json
import socket
import struct
import sys
import uuid

PROGRESS = "curate.kmeans.progress"
TREE_LEVEL = "curate.tree.level"
SAMPLE_REQUEST = "curate.sample.request"
SAMPLE_CHUNK = "curate.sample.chunk"
RUN_STATUS = "curate.run.status"


class BridgeError(Exception):
    """The bridge or the addressed verticle answered with an error frame."""


class Client:
    """One connection to the bridge; not thread safe."""

    def __init__(self, host="127.0.0.1", port=7100, timeout_s=60.0):
        self.sock = socket.create_connection((host, port), timeout=timeout_s)
        self.pending = []

    def close(self):
        self.sock.close()

    def _send(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def _read_exact(self, n):
        out = b""
        while len(out) < n:
            part = self.sock.recv(n - len(out))
            if not part:
                raise ConnectionError("bridge closed the connection")
            out += part
        return out

    def read_frame(self):
        """Returns the next frame: a buffered one first, else one from the socket."""
        if self.pending:
            return self.pending.pop(0)
        (length,) = struct.unpack(">I", self._read_exact(4))
        return json.loads(self._read_exact(length).decode("utf-8"))

    def subscribe(self, address):
        """Registers for a published address; events arrive as frames of type 'message'."""
        self._send({"type": "register", "address": address})

    def request(self, address, body):
        """Sends a request and returns the reply's body; other frames are kept for later."""
        reply_to = "py." + uuid.uuid4().hex
        self._send({"type": "send", "address": address, "replyAddress": reply_to,
                    "body": body})
        kept = []
        try:
            while True:
                frame = self.read_frame()
                if frame.get("type") == "err":
                    raise BridgeError(frame.get("message", "error") + " (address "
                                      + address + ", code "
                                      + str(frame.get("failureCode")) + ")")
                if frame.get("address") == reply_to:
                    return frame.get("body")
                kept.append(frame)
        finally:
            self.pending = kept + self.pending

    def sample(self, target, seed=0, strategy="c", multiplier=1):
        """Draws a curated sample and returns (summary, all tile indices)."""
        summary = self.request(SAMPLE_REQUEST, {"target": target, "seed": seed,
                                                "strategy": strategy,
                                                "multiplier": multiplier})
        indices = []
        for chunk in range(summary["chunks"]):
            part = self.request(SAMPLE_CHUNK, {"sampleId": summary["sampleId"],
                                               "chunk": chunk})
            indices.extend(part["indices"])
        return summary, indices


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--target", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--wait-run", action="store_true",
                        help="subscribe to progress and wait for the run to end first")
    args = parser.parse_args(argv)
    client = Client(args.host, args.port)
    try:
        events = {}
        if args.wait_run:
            client.subscribe(PROGRESS)
            client.request(RUN_STATUS, {})
            print(json.dumps({"subscribed": PROGRESS}), flush=True)
            while True:
                frame = client.read_frame()
                if frame.get("type") == "err":
                    raise BridgeError(frame.get("message"))
                kind = frame.get("body", {}).get("type", "?")
                events[kind] = events.get(kind, 0) + 1
                if kind in ("runEnd", "runFailed"):
                    break
        summary, indices = client.sample(args.target, seed=args.seed)
        print(json.dumps({"events": events, "summary": summary, "indices": indices}),
              flush=True)
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
