// The Output widget (@jupyter-widgets/output 1.0.0): while `msg_id` names a message, the front end moves
// every output whose parent is that message into the widget instead of the cell. capture() sets it to the
// request the kernel is handling (a cell, or the comm message of a slider that moved) around a function.
import { OUTPUT_MODULE, Widget } from "./widget";
import { clearOutput } from "../display/display";

export class Output extends Widget {
  constructor() {
    super({ model: [...OUTPUT_MODULE, "OutputModel"], view: [...OUTPUT_MODULE, "OutputView"] }, { msg_id: "", outputs: [], _dom_classes: [], layout: null, tabbable: null, tooltip: null });
  }

  /**
   * Runs `fn` with its output (console.log, display) going into this widget; clear: true replaces what
   * the widget showed. In a headless run (no front end) the output goes to the cell as usual.
   */
  async capture<T>(fn: () => T | Promise<T>, options: { clear?: boolean } = {}): Promise<T> {
    const id = this.comm.parentMsgId();
    if (id) await this.set({ msg_id: id });
    try {
      if (options.clear && id) clearOutput(true);
      return await fn();
    } finally {
      if (id) await this.set({ msg_id: "" });
    }
  }
}
