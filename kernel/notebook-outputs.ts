// Cell outputs as Jupyter stores them in a notebook (nbformat 4 output types): consecutive stream text of
// one name merged, display_data / execute_result with data and metadata, update_display_data replacing every
// output that carries the display id, clear_output (immediately, or at the next output when wait is true).
import type { DisplayOptions, MimeBundle } from "../toolkit/display";
import type { CellError } from "./executor";
import { outputMetadata, type OutputTarget } from "./outputs";

type Output = Record<string, any>;

/** Routes outputs into one cell at a time; display ids are remembered across cells. */
export class NotebookOutputs implements OutputTarget {
  private outputs: Output[] = [];
  private clearPending = false;
  private readonly byDisplayId = new Map<string, Output[]>();

  /** Starts collecting for a cell whose outputs array is `outputs`. */
  beginCell(outputs: Output[]): void {
    this.outputs = outputs;
    this.clearPending = false;
  }

  private add(output: Output): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    this.outputs.push(output);
  }

  stream(name: "stdout" | "stderr", text: string): void {
    const last = this.outputs[this.outputs.length - 1];
    if (!this.clearPending && last?.output_type === "stream" && last.name === name) last.text += text;
    else this.add({ output_type: "stream", name, text });
  }

  display(bundle: MimeBundle, options: DisplayOptions = {}): void {
    const id = options.displayId;
    if (options.update && id) {
      for (const out of this.byDisplayId.get(id) ?? []) {
        out.data = storedData(bundle);
        out.metadata = outputMetadata(bundle, options.metadata);
      }
      return;
    }
    const output = { output_type: "display_data", data: storedData(bundle), metadata: outputMetadata(bundle, options.metadata) };
    this.add(output);
    if (id) this.byDisplayId.set(id, [...(this.byDisplayId.get(id) ?? []), output]);
  }

  clearOutput(wait: boolean): void {
    if (wait) this.clearPending = true;
    else this.outputs.length = 0;
  }

  executeResult(bundle: MimeBundle, executionCount: number | null): void {
    this.add({ output_type: "execute_result", execution_count: executionCount, data: storedData(bundle), metadata: outputMetadata(bundle) });
  }

  error(error: CellError): void {
    this.add({ output_type: "error", ename: error.ename, evalue: error.evalue, traceback: error.traceback });
  }
}

/** JSON MIME types stay objects; every other type is stored as a string. */
function storedData(bundle: MimeBundle): MimeBundle {
  const data: MimeBundle = {};
  for (const [mime, value] of Object.entries(bundle)) {
    data[mime] = /json$/.test(mime) || typeof value === "string" ? value : JSON.stringify(value);
  }
  return data;
}
