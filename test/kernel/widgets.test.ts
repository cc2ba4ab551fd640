// Comms and ipywidgets over the real protocol: jupyter_client (test/kernel/comm_session.py) opens a
// FloatSlider, changes its value as a front end does, and sees the echo, the clamping, the observer's
// output and the state; a Button click, interact() re-rendering into its Output widget, comm_close,
// comm_info by target, front-end-opened comms to a registered target and to an unknown one; binary
// buffers both ways (an Image widget) and the jupyter.widget.control target's update_states.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { installTemporaryKernelspec, python } from "./python";

interface Msg {
  msg_type: string;
  content: any;
  metadata: any;
  /** Binary frames, in hex. */
  buffers: string[];
}
interface StepResult {
  msg_id: string;
  reply: any;
  iopub: Msg[];
}

const update = (comm_id: string, state: Record<string, unknown>) => ({ comm_msg: { comm_id, data: { method: "update", state, buffer_paths: [] } } });

const STEPS = [
  /* 0 */ { comm_info: null },
  /* 1 */ { execute: 'const beta = new FloatSlider({ value: 1, min: 0, max: 10, description: "β" });\nconst seen: number[] = [];\nbeta.observe<number>("value", (v) => { seen.push(v); console.log("beta is", v); });\nbeta', remember: "beta" },
  /* 2 */ { comm_info: "jupyter.widget" },
  /* 3 */ update("$beta", { value: 4.5 }),
  /* 4 */ update("$beta", { value: 99 }),
  /* 5 */ update("$beta", { value: "abc" }),
  /* 6 */ { execute: "seen" },
  /* 7 */ { comm_msg: { comm_id: "$beta", data: { method: "request_state" } } },
  /* 8 */ { execute: 'const go = new Button({ description: "go" });\nlet clicks = 0;\ngo.onClick(() => { clicks++; });\ngo', remember: "go" },
  /* 9 */ { comm_msg: { comm_id: "$go", data: { method: "custom", content: { event: "click" } } } },
  /* 10 */ { execute: "clicks" },
  /* 11 */ { execute: "const ui = await interact(({ b }) => `twice ${b * 2}`, { b: new IntSlider({ value: 2, max: 5 }) });\nui" },
  /* 12 */ { execute: "ui.controls.b", remember: "b" },
  /* 13 */ update("$b", { value: 3 }),
  /* 14 */ { comm_close: { comm_id: "$go", data: {} } },
  /* 15 */ { comm_info: "jupyter.widget" },
  /* 16 */ { execute: 'registerCommTarget("echo", (comm, open) => { comm.send({ opened: open.data }); comm.onMsg((m) => comm.send({ got: m.data })); });' },
  /* 17 */ { comm_open: { comm_id: "c0ffee", target_name: "echo", data: { x: 1 } } },
  /* 18 */ { comm_msg: { comm_id: "c0ffee", data: { hi: 2 } } },
  /* 19 */ { comm_info: "echo" },
  /* 20 */ { comm_open: { comm_id: "dead", target_name: "nope", data: {} } },
  /* 21 */ { comm_open: { comm_id: "v1", target_name: "jupyter.widget.version", data: {} } },
  /* 22 */ { execute: 'const mine = openComm("my.target", { a: 1 });\nmine.id' },
  /* 23 */ { execute: "const pic = new widgets.Image({ value: new Uint8Array([137, 80, 78, 71, 1, 2, 3]), width: 40 });\npic", remember: "pic" },
  /* 24 */ { comm_open: { comm_id: "ctl", target_name: "jupyter.widget.control", data: {} } },
  /* 25 */ { comm_msg: { comm_id: "ctl", data: { method: "request_states" } } },
  /* 26 */ { comm_msg: { comm_id: "$pic", data: { method: "update", state: { width: "60" }, buffer_paths: [["value"]] } }, buffers: ["ffd8ff"] },
  /* 27 */ { execute: "[Array.from(pic.value), pic.getState().width]" },
  /* 28 */ { comm_msg: { comm_id: "$pic", data: { method: "update", state: {}, buffer_paths: [["value"], ["nowhere", 1]] } }, buffers: ["00"] },
  /* 29 */ { comm_msg: { comm_id: "ctl", data: { method: "request_everything" } } },
];

let r: StepResult[];
before(() => {
  const spec = installTemporaryKernelspec();
  try {
    const out = python(["comm_session.py"], { env: { JUPYTER_PATH: spec.jupyterPath }, input: JSON.stringify(STEPS) });
    assert.equal(out.status, 0, `comm_session.py failed:\n${out.stderr.slice(-4000)}`);
    r = JSON.parse(out.stdout);
  } finally {
    spec.cleanup();
  }
});

const of = (step: number, type: string) => r[step].iopub.filter((m) => m.msg_type === type);
const commMsgs = (step: number) => of(step, "comm_msg").map((m) => m.content.data);
const stdout = (step: number, name = "stdout") => of(step, "stream").filter((m) => m.content.name === name).map((m) => m.content.text).join("");
const resultText = (step: number) => of(step, "execute_result")[0]?.content.data["text/plain"];

describe("comms and widgets through jupyter_client", () => {
  test("a FloatSlider opens its layout, style and model comms (protocol 2.1) and shows as a widget view", () => {
    assert.deepEqual(r[0].reply.comms, {}, "no comms before the first widget");
    assert.equal(r[1].reply.status, "ok", JSON.stringify(r[1].reply));
    const opens = of(1, "comm_open");
    assert.deepEqual(opens.map((m) => m.content.data.state._model_name), ["LayoutModel", "SliderStyleModel", "FloatSliderModel"]);
    for (const m of opens) {
      assert.equal(m.content.target_name, "jupyter.widget");
      assert.equal(m.metadata.version, "2.1.0");
      assert.deepEqual(m.content.data.buffer_paths, []);
    }
    const slider = opens[2].content;
    assert.equal(slider.data.state._model_module, "@jupyter-widgets/controls");
    assert.equal(slider.data.state._view_name, "FloatSliderView");
    assert.deepEqual([slider.data.state.value, slider.data.state.min, slider.data.state.max, slider.data.state.description], [1, 0, 10, "β"]);
    assert.equal(slider.data.state.layout, `IPY_MODEL_${opens[0].content.comm_id}`);
    assert.equal(slider.data.state.style, `IPY_MODEL_${opens[1].content.comm_id}`);
    const view = of(1, "execute_result")[0].content.data["application/vnd.jupyter.widget-view+json"];
    assert.deepEqual(view, { model_id: slider.comm_id, version_major: 2, version_minor: 0 });
    assert.match(resultText(1), /^FloatSlider\(value=1, min=0, max=10/);
  });

  test("comm_info lists the open comms of a target", () => {
    const comms = r[2].reply.comms;
    assert.equal(Object.keys(comms).length, 3);
    assert.ok(Object.values(comms).every((c: any) => c.target_name === "jupyter.widget"));
    assert.ok(of(1, "comm_open").every((m) => m.content.comm_id in comms));
  });

  test("a value from the front end is echoed, clamped to [min, max], observed; a bad one is refused", () => {
    assert.deepEqual(commMsgs(3), [{ method: "echo_update", state: { value: 4.5 }, buffer_paths: [] }]);
    assert.equal(stdout(3), "beta is 4.5\n", "the observer ran and its output went out under the comm message");
    assert.deepEqual(of(3, "status").map((m) => m.content.execution_state), ["busy", "idle"]);
    assert.deepEqual(commMsgs(4), [
      { method: "echo_update", state: { value: 99 }, buffer_paths: [] },
      { method: "update", state: { value: 10 }, buffer_paths: [] },
    ]);
    assert.equal(stdout(4), "beta is 10\n");
    assert.deepEqual(commMsgs(5)[1], { method: "update", state: { value: 10 }, buffer_paths: [] }, "the front end gets the kernel's value back");
    assert.match(stdout(5, "stderr"), /FloatSlider: the front end sent value = "abc": FloatSlider.value is "abc"; expected a finite number/);
    assert.equal(resultText(6), "[ 4.5, 10 ]");
  });

  test("request_state is answered with the whole state", () => {
    const [reply] = commMsgs(7);
    assert.equal(reply.method, "update");
    assert.equal(reply.state.value, 10);
    assert.equal(reply.state._model_name, "FloatSliderModel");
  });

  test("a Button click (custom message) runs the click handlers", () => {
    assert.equal(resultText(10), "1");
  });

  test("interact re-renders its Output widget when its slider moves", () => {
    const outputOpen = of(11, "comm_open").find((m) => m.content.data.state._model_name === "OutputModel")!;
    assert.equal(outputOpen.content.data.state._model_module, "@jupyter-widgets/output");
    const outputId = outputOpen.content.comm_id;
    const msgIds = (step: number) => of(step, "comm_msg").filter((m) => m.content.comm_id === outputId && m.content.data.method === "update").map((m) => m.content.data.state.msg_id);
    assert.deepEqual(msgIds(11), [r[11].msg_id, ""], "the first run is captured under the cell's request");
    assert.deepEqual(of(11, "display_data").map((m) => m.content.data["text/plain"]), ["'twice 4'"]);
    assert.deepEqual(msgIds(13), [r[13].msg_id, ""], "a move is captured under its comm message");
    assert.deepEqual(of(13, "clear_output").map((m) => m.content.wait), [true]);
    assert.deepEqual(of(13, "display_data").map((m) => m.content.data["text/plain"]), ["'twice 6'"]);
  });

  test("comm_close from the front end removes the comm from comm_info", () => {
    const comms = r[15].reply.comms;
    const goOpen = of(8, "comm_open").find((m) => m.content.data.state._model_name === "ButtonModel")!;
    assert.ok(!(goOpen.content.comm_id in comms), "the closed button is still listed");
    assert.ok(of(1, "comm_open").every((m) => m.content.comm_id in comms), "the slider's comms are still listed");
  });

  test("a front end opens a comm to a target a cell registered; an unknown target is closed", () => {
    assert.deepEqual(of(17, "comm_msg").map((m) => m.content), [{ comm_id: "c0ffee", data: { opened: { x: 1 } } }]);
    assert.deepEqual(of(18, "comm_msg").map((m) => m.content), [{ comm_id: "c0ffee", data: { got: { hi: 2 } } }]);
    assert.deepEqual(r[19].reply.comms, { c0ffee: { target_name: "echo" } });
    assert.deepEqual(of(20, "comm_close").map((m) => m.content.comm_id), ["dead"]);
    assert.deepEqual(commMsgs(21), [{ version: "~2.0.0" }], "jupyter.widget.version answers with the models' version range");
  });

  test("openComm from a cell sends comm_open", () => {
    const [open] = of(22, "comm_open");
    assert.equal(open.content.target_name, "my.target");
    assert.deepEqual(open.content.data, { a: 1 });
    assert.equal(resultText(22), `'${open.content.comm_id}'`);
  });

  test("binary values go out as buffers with their buffer_paths, and come in the same way", () => {
    const open = of(23, "comm_open").find((m) => m.content.data.state._model_name === "ImageModel")!;
    assert.equal(open.content.data.state._view_name, "ImageView");
    assert.ok(!("value" in open.content.data.state), "the bytes are not in the JSON state");
    assert.deepEqual(open.content.data.buffer_paths, [["value"]]);
    assert.deepEqual(open.buffers, ["89504e47010203"]);
    assert.deepEqual([open.content.data.state.format, open.content.data.state.width], ["png", "40"]);
    const [echo] = of(26, "comm_msg");
    assert.deepEqual(echo.content.data, { method: "echo_update", state: { width: "60" }, buffer_paths: [["value"]] });
    assert.deepEqual(echo.buffers, ["ffd8ff"], "the echo carries the received bytes back");
    assert.equal(resultText(27), "[ [ 255, 216, 255 ], '60' ]");
    assert.match(of(28, "error")[0]?.content.evalue ?? "no error", /buffer_paths is \[\["value"\],\["nowhere",1\]\] for 1 buffer\(s\)/, "mismatched paths and buffers are an error naming them");
  });

  test("jupyter.widget.control answers request_states with every live widget and its buffers", () => {
    assert.deepEqual(of(24, "comm_close"), [], "the control target is registered");
    const [reply] = of(25, "comm_msg");
    assert.equal(reply.content.comm_id, "ctl");
    const { method, states, buffer_paths } = reply.content.data;
    assert.equal(method, "update_states");
    const picId = r[23].iopub.find((m) => m.msg_type === "execute_result")!.content.data["application/vnd.jupyter.widget-view+json"].model_id;
    const slider = of(1, "comm_open")[2].content.comm_id;
    const button = of(8, "comm_open").find((m) => m.content.data.state._model_name === "ButtonModel")!.content.comm_id;
    assert.deepEqual(Object.keys(states).sort(), Object.keys(r[15].reply.comms).concat(of(23, "comm_open").map((m) => m.content.comm_id)).sort(), "every live widget comm, no other");
    assert.ok(!(button in states), "the closed button is not listed");
    assert.deepEqual({ ...states[slider], state: undefined }, { model_name: "FloatSliderModel", model_module: "@jupyter-widgets/controls", model_module_version: "2.0.0", state: undefined });
    assert.equal(states[slider].state.value, 10);
    assert.equal(states[picId].model_name, "ImageModel");
    assert.ok(!("value" in states[picId].state));
    assert.deepEqual(buffer_paths, [[picId, "state", "value"]]);
    assert.deepEqual(reply.buffers, ["89504e47010203"], "the image's bytes as they were then");
    assert.match(stdout(29, "stderr"), /jupyter\.widget\.control got method "request_everything"; expected "request_states"/);
  });
});
