// A Jupyter widget's kernel side (ipywidgets' messaging protocol 2.1, jupyter-widgets/ipywidgets
// packages/schema/messages.md, models of @jupyter-widgets/base and controls 2.0.0 as ipywidgets 8 sends
// them): the state opens a comm to the "jupyter.widget" target, kernel-side changes go out as `update`,
// the front end's `update` is applied, echoed back (`echo_update`, so other front ends follow) and passed to
// the observers; `request_state` is answered with the whole state; `custom` messages go to onCustom.
// Binary values in a state (a typed array, an ArrayBuffer) travel as the message's buffers
// (toolkit/widgets/buffers.ts); received ones arrive as Uint8Array.
import { Comm, openComm, type CommMessage } from "../display/comm";
import { putBuffers, removeBuffers } from "./buffers";
import { DISPLAY, type Displayable, type MimeBundle } from "../display/protocol";

export const WIDGET_TARGET = "jupyter.widget";
export const WIDGET_PROTOCOL_VERSION = "2.1.0";
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/** [module, version] of the front-end packages whose models and views the widgets name. */
export const BASE_MODULE = ["@jupyter-widgets/base", "2.0.0"] as const;
export const CONTROLS_MODULE = ["@jupyter-widgets/controls", "2.0.0"] as const;
export const OUTPUT_MODULE = ["@jupyter-widgets/output", "1.0.0"] as const;

export type WidgetState = Record<string, unknown>;
export interface Change<T = unknown> {
  name: string;
  old: T;
  new: T;
  owner: Widget;
}
export type Observer<T = unknown> = (value: T, change: Change<T>) => void | Promise<void>;

export interface ModelSpec {
  model: readonly [module: string, version: string, name: string];
  view: readonly [module: string, version: string, name: string] | null;
}

/** A reference to another widget inside a state ("IPY_MODEL_<id>"), as the protocol serialises them. */
export function widgetRef(w: Widget): string {
  return `IPY_MODEL_${w.id}`;
}

export class Widget implements Displayable {
  readonly comm: Comm;
  protected readonly state: WidgetState;
  private readonly observers = new Map<string, Observer<any>[]>();

  constructor(spec: ModelSpec, state: WidgetState) {
    const [mm, mv, mn] = spec.model;
    const [vm, vv, vn] = spec.view ?? [null, null, null];
    this.state = { _model_module: mm, _model_module_version: mv, _model_name: mn, _view_module: vm, _view_module_version: vv, _view_name: vn, ...state };
    const wire = removeBuffers(this.state);
    this.comm = openComm(WIDGET_TARGET, { state: wire.state, buffer_paths: wire.buffer_paths }, { version: WIDGET_PROTOCOL_VERSION }, wire.buffers);
    this.comm.owner = this;
    this.comm.onMsg((msg) => this.receive(msg));
  }

  /** The model id (the comm id) the front end knows this widget by. */
  get id(): string {
    return this.comm.id;
  }

  /** A copy of the synced state. */
  getState(): WidgetState {
    return { ...this.state };
  }

  /** The model's entry in a widget manager state (what `jupyter.widget.control` answers per widget). */
  modelState(): { model_name: unknown; model_module: unknown; model_module_version: unknown; state: WidgetState } {
    return { model_name: this.state._model_name, model_module: this.state._model_module, model_module_version: this.state._model_module_version, state: this.getState() };
  }

  /** Runs `observer(value, change)` whenever `name` changes, from the kernel or the front end. */
  observe<T = unknown>(name: string, observer: Observer<T>): this {
    if (typeof observer !== "function") throw new TypeError(`${this.constructor.name}.observe("${name}", observer): observer is ${typeof observer}; expected a function`);
    this.observers.set(name, [...(this.observers.get(name) ?? []), observer]);
    return this;
  }

  /** Sets state keys from the kernel: validated, sent to the front end as `update`, then observed. */
  async set(changes: WidgetState): Promise<void> {
    const valid: WidgetState = {};
    for (const [k, v] of Object.entries(changes)) valid[k] = this.validate(k, v);
    this.sendState("update", valid);
    await this.apply(valid);
  }

  /** Sends a `custom` message to the front end. */
  sendCustom(content: Record<string, unknown>): void {
    this.send({ method: "custom", content });
  }

  /** Closes the widget's comm; the front end removes its views. */
  close(): void {
    this.comm.close();
  }

  [DISPLAY](): MimeBundle {
    const text = this.toString();
    if (!this.comm.attached) return { "text/plain": text };
    return { [WIDGET_VIEW_MIME]: { model_id: this.id, version_major: 2, version_minor: 0 }, "text/plain": text };
  }

  toString(): string {
    return `${String(this.state._model_name).replace(/Model$/, "")}(${this.describe()})`;
  }

  /** The text/plain summary's arguments, e.g. "value=3, min=0, max=10". */
  protected describe(): string {
    return "";
  }

  /** Checks (and may coerce) one key's value; throws naming the key for a kernel-side set(). */
  protected validate(_key: string, value: unknown): unknown {
    return value;
  }

  /** A `custom` message from the front end (Button's clicks). */
  protected async onCustom(_content: Record<string, unknown>): Promise<void> {}

  private send(data: Record<string, unknown>): void {
    if (!this.comm.isClosed) this.comm.send(data);
  }

  /** Sends `state` with `method` (update, echo_update), its binary values as buffers. */
  private sendState(method: string, state: WidgetState): void {
    const wire = removeBuffers(state);
    if (!this.comm.isClosed) this.comm.send({ method, state: wire.state, buffer_paths: wire.buffer_paths }, {}, wire.buffers);
  }

  private async apply(changes: WidgetState): Promise<void> {
    for (const [name, value] of Object.entries(changes)) {
      const old = this.state[name];
      this.state[name] = value;
      if (old === value) continue;
      for (const observer of this.observers.get(name) ?? []) await observer(value, { name, old, new: value, owner: this });
    }
  }

  private async receive(msg: CommMessage): Promise<void> {
    const { method } = msg.data;
    if (method === "update" || method === "backbone") {
      const received = (msg.data.state ?? msg.data.sync_data) as WidgetState | undefined;
      if (received === null || typeof received !== "object") return;
      const state = putBuffers(received, msg.data.buffer_paths, msg.buffers);
      const accepted: WidgetState = {};
      const corrected: WidgetState = {};
      for (const [k, v] of Object.entries(state)) {
        try {
          accepted[k] = this.validate(k, v);
          if (accepted[k] !== v) corrected[k] = accepted[k];
        } catch (e) {
          corrected[k] = this.state[k]; // the front end shows the kernel's value again
          process.stderr.write(`${this.constructor.name}: the front end sent ${k} = ${JSON.stringify(v)}: ${(e as Error).message}\n`);
        }
      }
      this.sendState("echo_update", state);
      if (Object.keys(corrected).length > 0) this.sendState("update", corrected);
      await this.apply(accepted);
    } else if (method === "request_state") {
      this.sendState("update", this.state);
    } else if (method === "custom") {
      const content = msg.data.content;
      await this.onCustom(content !== null && typeof content === "object" ? (content as Record<string, unknown>) : {});
    }
  }
}
