// The comm targets a widgets front end opens in the kernel. "jupyter.widget.version" (widget protocol 1,
// kept by older front ends): the kernel sends the semver range of the widget models it speaks, the front
// end answers whether it validated; a mismatch is reported on stderr.
import type { CommHost } from "../display/comm";
import { CONTROLS_MODULE } from "./widget";

export const VERSION_TARGET = "jupyter.widget.version";

/** Registers the widget comm targets with the kernel's comm host. */
export function registerWidgetTargets(host: CommHost): void {
  host.registerTarget(VERSION_TARGET, (comm) => {
    comm.onMsg((msg) => {
      if (msg.data.validated === false) {
        process.stderr.write(`widgets: the front end's widgets ${JSON.stringify(msg.data.frontend_version)} do not speak ${CONTROLS_MODULE.join(" ")}; widgets will not show there\n`);
      }
    });
    comm.send({ version: `~${CONTROLS_MODULE[1]}` });
  });
}
