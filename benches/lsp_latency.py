#!/usr/bin/env python3
"""Diagnostics latency of `jmap lsp`: the time from an edit (`didChange`, full text) to
the `publishDiagnostics` for it, as an editor sees it, on a journey of N touchpoints.

    python3 benches/lsp_latency.py JMAP [N=1000] [EDITS=30]

Writes the journey with benches/gen_journey.py, starts `JMAP lsp`, opens it, then sends
EDITS edits (each changes one touchpoint's emotion) and prints the median and worst
latency in milliseconds, and the server's CPU time per edit (user + system, from
/proc/PID/stat: on a shared machine the wall time includes waiting for a core, the CPU
time does not). Standard library only. Used by BENCHMARKS.md ("Language server").
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def send(process, message):
    body = json.dumps(message).encode()
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()


def receive(process):
    length = None
    while True:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(process.stdout.read(length))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def wait_for(process, predicate):
    while True:
        message = receive(process)
        if predicate(message):
            return message


def main():
    jmap = os.path.abspath(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    work = tempfile.mkdtemp(prefix="jmap-lsp-bench.")
    os.mkdir(os.path.join(work, ".git"))
    path = os.path.join(work, "bench.journey.yaml")
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "benches", "gen_journey.py"), "journey", str(size), path],
        check=True,
    )
    with open(path, encoding="utf-8") as file:
        text = file.read()
    uri = "file://" + path
    env = dict(os.environ, JMAP_TODAY="2026-11-22")
    process = subprocess.Popen([jmap, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=work)
    send(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    wait_for(process, lambda m: m.get("id") == 1)
    send(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(process, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    first = wait_for(process, lambda m: m.get("method") == "textDocument/publishDiagnostics")
    findings = len(first["params"]["diagnostics"])
    lines = text.split("\n")
    emotion_lines = [i for i, line in enumerate(lines) if line.strip().startswith("emotion:")]
    latencies = []
    cpu_before = cpu_seconds(process.pid)
    for version in range(2, edits + 2):
        index = emotion_lines[version % len(emotion_lines)]
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines[index] = f"{indent}emotion: {(version % 5) - 2}"
        changed = "\n".join(lines)
        started = time.perf_counter()
        send(process, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]}})
        wait_for(process, lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"].get("version") == version)
        latencies.append((time.perf_counter() - started) * 1000)
    cpu_per_edit = (cpu_seconds(process.pid) - cpu_before) * 1000 / edits
    send(process, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait_for(process, lambda m: m.get("id") == 2)
    send(process, {"jsonrpc": "2.0", "method": "exit"})
    process.wait()
    print(f"{size} touchpoints, {len(text)} bytes, {findings} diagnostics, {edits} edits: "
          f"median {statistics.median(latencies):.1f} ms, worst {max(latencies):.1f} ms, "
          f"server CPU {cpu_per_edit:.1f} ms per edit")


if __name__ == "__main__":
    main()
