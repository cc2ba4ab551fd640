// The comm targets a widgets front end opens in the kernel.
// - "jupyter.widget.control" (ipywidgets 8, control protocol 1.0.0): on {method: "request_states"} the kernel
//   answers {method: "update_states", states: {model_id: {model_name, model_module, model_module_version,
//   state}}, buffer_paths} with every live widget, binary values as buffers whose paths start with the
//   model id; a front end that reconnects (a reloaded page) rebuilds the widgets from it.
// - "jupyter.widget.version" (widget protocol 1, kept by older front ends): the kernel sends the semver
//   range of the widget models it speaks, the front end answers whether it validated; a mismatch is
//   reported on stderr.
import type { CommHost } from "../display/comm";
import { removeBuffers } from "./buffers";
import { CONTROLS_MODULE, Widget, WIDGET_TARGET } from "./widget";

export const VERSION_TARGET = "jupyter.widget.version";
export const CONTROL_TARGET = "jupyter.widget.control";

/** Registers the widget comm targets with the kernel's comm host. */
export function registerWidgetTargets(host: CommHost): void {
  host.registerTarget(CONTROL_TARGET, (comm) => {
    comm.onMsg((msg) => {
      if (msg.data.method !== "request_states") {
        process.stderr.write(`widgets: ${CONTROL_TARGET} got method ${JSON.stringify(msg.data.method)}; expected "request_states"\n`);
        return;
      }
      const states: Record<string, unknown> = {};
      for (const c of host.comms(WIDGET_TARGET)) if (c.owner instanceof Widget) states[c.id] = c.owner.modelState();
      const wire = removeBuffers(states);
      comm.send({ method: "update_states", states: wire.state, buffer_paths: wire.buffer_paths }, {}, wire.buffers);
    });
  });
  host.registerTarget(VERSION_TARGET, (comm) => {
    comm.onMsg((msg) => {
      if (msg.data.validated === false) {
        process.stderr.write(`widgets: the front end's widgets ${JSON.stringify(msg.data.frontend_version)} do not speak ${CONTROLS_MODULE.join(" ")}; widgets will not show there\n`);
      }
    });
    comm.send({ version: `~${CONTROLS_MODULE[1]}` });
  });
}
