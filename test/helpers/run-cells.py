#!/usr/bin/python3
"""Run code cells through the gaugelab kernel and print, as JSON, each cell's reply status and outputs.

Reads {"cells": [source, ...], "cwd": folder} on stdin. Expects JUPYTER_DATA_DIR to hold the kernelspec
(`node scripts/jupyter.cjs` writes it). Used by the kernel tests.
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

request = json.load(sys.stdin)
km, kc = start_new_kernel(kernel_name="gaugelab", cwd=request["cwd"], startup_timeout=120)
results = []
try:
    for source in request["cells"]:
        msg_id = kc.execute(source)
        outputs = []
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
            if kind in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                outputs.append({"type": kind, "content": msg["content"]})
        reply = kc.get_shell_msg(timeout=120)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=120)
        results.append({"status": reply["content"]["status"], "outputs": outputs})
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
json.dump(results, sys.stdout)
