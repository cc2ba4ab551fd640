// A Jupyter widget's kernel side (ipywidgets' messaging protocol 2.1, jupyter-widgets/ipywidgets
// packages/schema/messages.md, models of @jupyter-widgets/base and controls 2.0.0 as ipywidgets 8 sends
// them): the state opens a comm to the "jupyter.widget" target, kernel-side changes go out as `update`,
// the front end's `update` is applied, echoed back (`echo_update`, so other front ends follow) and passed to
// the observers; `request_state` is answered with the whole state; `custom` messages go to onCustom.
import { Comm, openComm, type CommMessage } from "../display/comm";
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
    this.comm = openComm(WIDGET_TARGET, { state: this.state, buffer_paths: [] }, { version: WIDGET_PROTOCOL_VERSION });
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
    this.send({ method: "update", state: valid, buffer_paths: [] });
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
      const state = (msg.data.state ?? msg.data.sync_data) as WidgetState | undefined;
      if (state === null || typeof state !== "object") return;
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
      this.send({ method: "echo_update", state, buffer_paths: [] });
      if (Object.keys(corrected).length > 0) this.send({ method: "update", state: corrected, buffer_paths: [] });
      await this.apply(accepted);
    } else if (method === "request_state") {
      this.send({ method: "update", state: this.state, buffer_paths: [] });
    } else if (method === "custom") {
      const content = msg.data.content;
      await this.onCustom(content !== null && typeof content === "object" ? (content as Record<string, unknown>) : {});
    }
  }
}
