"""Drives the polarlab kernel over comms with jupyter_client (the real client): steps in a JSON list on
stdin, each {"execute": code} or {"comm_open" | "comm_msg" | "comm_close": content} or
{"comm_info": target_name_or_null}. An execute step with "remember": NAME keeps the model_id of the
widget its result shows; later steps write "$NAME" for it. A comm step may carry "buffers": [hex, ...], sent as
the message's binary frames. Prints one JSON list: per step the reply content (for requests with a
reply) and every iopub message whose parent is the step's request (its buffers in hex), until the kernel is
idle again.

Usage: /usr/bin/python3 comm_session.py < steps.json  (JUPYTER_PATH: the kernelspec's share/jupyter)
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

steps = json.load(sys.stdin)
km, kc = start_new_kernel(kernel_name="polarlab", startup_timeout=120)


def reply_to(msg_id):
    # wait_for_ready may leave kernel_info replies on the shell channel: skip what answers other requests.
    while True:
        msg = kc.get_shell_msg(timeout=120)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def collect(msg_id):
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        buffers = [bytes(b).hex() for b in msg.get("buffers", [])]
        out.append({"msg_type": msg["msg_type"], "content": msg["content"], "metadata": msg["metadata"], "buffers": buffers})
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out


names = {}


def resolve(value):
    if isinstance(value, str) and value.startswith("$"):
        return names[value[1:]]
    if isinstance(value, dict):
        return {k: resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value


def run(step):
    if "execute" in step:
        msg_id = kc.execute(step["execute"])
        reply = reply_to(msg_id)
        iopub = collect(msg_id)
        if "remember" in step:
            result = next(m for m in iopub if m["msg_type"] == "execute_result")
            names[step["remember"]] = result["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        return {"msg_id": msg_id, "reply": reply, "iopub": iopub}
    if "comm_info" in step:
        msg_id = kc.comm_info(step["comm_info"])
        reply = reply_to(msg_id)
        return {"msg_id": msg_id, "reply": reply, "iopub": collect(msg_id)}
    buffers = [bytes.fromhex(h) for h in step.pop("buffers", [])]
    (msg_type, content), = step.items()
    msg = kc.session.msg(msg_type, resolve(content))
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers)
    return {"msg_id": msg["header"]["msg_id"], "reply": None, "iopub": collect(msg["header"]["msg_id"])}


try:
    results = [run(step) for step in steps]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
json.dump(results, sys.stdout)
