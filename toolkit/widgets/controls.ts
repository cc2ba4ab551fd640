// The controls of ipywidgets 8 (model state of @jupyter-widgets/controls 2.0.0): IntSlider, FloatSlider,
// Dropdown, Checkbox, Button and the HBox / VBox layouts. Each DOM widget opens its Layout and style models
// first and refers to them, as ipywidgets does. Values from the front end are validated like ipywidgets'
// traits: sliders clamp to [min, max] (IntSlider rounds), Dropdown takes an index into its options.
import { BASE_MODULE, CONTROLS_MODULE, Widget, widgetRef, type ModelSpec, type WidgetState } from "./widget";

const controls = (model: string, view: string | null): ModelSpec => ({ model: [...CONTROLS_MODULE, model], view: view ? [...CONTROLS_MODULE, view] : null });
const STYLE_VIEW = [...BASE_MODULE, "StyleView"] as const;

/** The CSS layout of a widget (LayoutModel); every DOM widget has one. */
export class Layout extends Widget {
  constructor(state: WidgetState = {}) {
    super({ model: [...BASE_MODULE, "LayoutModel"], view: [...BASE_MODULE, "LayoutView"] }, state);
  }
}

/** A style model (SliderStyleModel, DescriptionStyleModel, ButtonStyleModel). */
export class Style extends Widget {
  constructor(model: string, state: WidgetState = {}) {
    super({ model: [...CONTROLS_MODULE, model], view: STYLE_VIEW }, state);
  }
}

/** Options every control takes. */
export interface ControlOptions {
  description?: string;
  disabled?: boolean;
}

/** A widget drawn in the page: with a layout, a style, a description. */
export class DOMWidget extends Widget {
  constructor(spec: ModelSpec, styleModel: string | null, state: WidgetState) {
    const layout = new Layout();
    const style = styleModel ? { style: widgetRef(new Style(styleModel)) } : {};
    super(spec, { _dom_classes: [], layout: widgetRef(layout), ...style, tabbable: null, tooltip: null, ...state });
  }
}

/** A control whose `value` is the thing a cell reads. */
export class ValueWidget<T> extends DOMWidget {
  get value(): T {
    return this.state.value as T;
  }
  /** Sets the value from the kernel; observers run (errors in them go to stderr). */
  set value(v: T) {
    this.set({ value: v }).catch((e) => process.stderr.write(`${this.constructor.name}.value: ${(e as Error).stack ?? e}\n`));
  }
  protected describe(): string {
    return `value=${JSON.stringify(this.state.value)}`;
  }
}

export interface SliderOptions extends ControlOptions {
  value?: number;
  min?: number;
  max?: number;
  step?: number;
  /** true: send every value while dragging; false (better for slow charts): only where it is let go. */
  continuousUpdate?: boolean;
  orientation?: "horizontal" | "vertical";
  readout?: boolean;
}

function finite(x: unknown, name: string): number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`${name} is ${typeof x === "number" ? x : JSON.stringify(x)}; expected a finite number`);
  return x;
}

class Slider extends ValueWidget<number> {
  constructor(kind: "Int" | "Float", o: SliderOptions, defaults: { max: number; step: number; format: string }) {
    const min = finite(o.min ?? 0, `${kind}Slider({ min })`);
    const max = finite(o.max ?? defaults.max, `${kind}Slider({ max })`);
    const step = finite(o.step ?? defaults.step, `${kind}Slider({ step })`);
    if (!(min <= max)) throw new RangeError(`${kind}Slider({ min, max }): min ${min} > max ${max}; expected min <= max`);
    if (!(step > 0)) throw new RangeError(`${kind}Slider({ step }): step is ${step}; expected a number > 0`);
    const value = finite(o.value ?? min, `${kind}Slider({ value })`);
    super(controls(`${kind}SliderModel`, `${kind}SliderView`), "SliderStyleModel", {
      value, min, max, step,
      description: o.description ?? "", description_allow_html: false, disabled: o.disabled ?? false,
      continuous_update: o.continuousUpdate ?? true, orientation: o.orientation ?? "horizontal",
      readout: o.readout ?? true, readout_format: defaults.format, behavior: "drag-tap",
    });
    this.state.value = this.validate("value", value);
  }
  get min(): number {
    return this.state.min as number;
  }
  get max(): number {
    return this.state.max as number;
  }
  protected validate(key: string, v: unknown): unknown {
    if (key !== "value") return v;
    return Math.min(this.max, Math.max(this.min, finite(v, `${this.constructor.name}.value`)));
  }
  protected describe(): string {
    return `value=${this.state.value}, min=${this.min}, max=${this.max}, step=${this.state.step}${this.state.description ? `, description=${JSON.stringify(this.state.description)}` : ""}`;
  }
}

/** An integer slider (default 0..100, step 1). */
export class IntSlider extends Slider {
  constructor(options: SliderOptions = {}) {
    super("Int", options, { max: 100, step: 1, format: "d" });
  }
  protected validate(key: string, v: unknown): unknown {
    const x = super.validate(key, v);
    return key === "value" ? Math.round(x as number) : x;
  }
}

/** A float slider (default 0..10, step 0.1). */
export class FloatSlider extends Slider {
  constructor(options: SliderOptions = {}) {
    super("Float", options, { max: 10, step: 0.1, format: ".2f" });
  }
}

export interface DropdownOptions<T> extends ControlOptions {
  /** The choices: labels, or [label, value] pairs. */
  options: readonly (string | readonly [string, T])[];
  value?: T;
}

/** A drop-down list; the front end syncs `index`, `value` is the chosen option's value. */
export class Dropdown<T = string> extends DOMWidget {
  private readonly values: T[];
  private readonly labels: string[];

  constructor(o: DropdownOptions<T>) {
    if (!Array.isArray(o?.options) || o.options.length === 0) throw new TypeError(`Dropdown({ options }): options is ${JSON.stringify(o?.options)}; expected a non-empty array of labels or [label, value] pairs`);
    const labels = o.options.map((x) => (Array.isArray(x) ? String(x[0]) : String(x)));
    const values = o.options.map((x) => (Array.isArray(x) ? x[1] : x)) as T[];
    const index = o.value === undefined ? 0 : values.indexOf(o.value);
    if (index < 0) throw new RangeError(`Dropdown({ value }): value ${JSON.stringify(o.value)} is not one of the options ${JSON.stringify(values)}`);
    super(controls("DropdownModel", "DropdownView"), "DescriptionStyleModel", { _options_labels: labels, index, description: o.description ?? "", description_allow_html: false, disabled: o.disabled ?? false });
    this.values = values;
    this.labels = labels;
  }
  get index(): number {
    return this.state.index as number;
  }
  get value(): T {
    return this.values[this.index];
  }
  get label(): string {
    return this.labels[this.index];
  }
  /** Runs `observer(value)` when the choice changes. */
  onChange(observer: (value: T) => void | Promise<void>): this {
    return this.observe<number>("index", (i) => observer(this.values[i]));
  }
  protected validate(key: string, v: unknown): unknown {
    if (key !== "index") return v;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= this.labels.length) throw new RangeError(`index is ${JSON.stringify(v)}; expected an integer in [0, ${this.labels.length - 1}]`);
    return v;
  }
  protected describe(): string {
    return `value=${JSON.stringify(this.value)}, options=${JSON.stringify(this.labels)}`;
  }
}

/** A check box. */
export class Checkbox extends ValueWidget<boolean> {
  constructor(o: ControlOptions & { value?: boolean; indent?: boolean } = {}) {
    if (o.value !== undefined && typeof o.value !== "boolean") throw new TypeError(`Checkbox({ value }): value is ${JSON.stringify(o.value)}; expected true or false`);
    super(controls("CheckboxModel", "CheckboxView"), "DescriptionStyleModel", { value: o.value ?? false, indent: o.indent ?? true, description: o.description ?? "", description_allow_html: false, disabled: o.disabled ?? false });
  }
  protected validate(key: string, v: unknown): unknown {
    if (key === "value" && typeof v !== "boolean") throw new TypeError(`value is ${JSON.stringify(v)}; expected true or false`);
    return v;
  }
}

/** A button; onClick handlers run when the front end reports a click (custom message {event: "click"}). */
export class Button extends DOMWidget {
  private readonly clickHandlers: ((b: Button) => void | Promise<void>)[] = [];
  constructor(o: ControlOptions & { buttonStyle?: "" | "primary" | "success" | "info" | "warning" | "danger"; icon?: string } = {}) {
    super(controls("ButtonModel", "ButtonView"), "ButtonStyleModel", { description: o.description ?? "", disabled: o.disabled ?? false, button_style: o.buttonStyle ?? "", icon: o.icon ?? "" });
  }
  onClick(handler: (b: Button) => void | Promise<void>): this {
    if (typeof handler !== "function") throw new TypeError(`Button.onClick(handler): handler is ${typeof handler}; expected a function`);
    this.clickHandlers.push(handler);
    return this;
  }
  /** Runs the click handlers as a click in the front end does. */
  async click(): Promise<void> {
    for (const h of this.clickHandlers) await h(this);
  }
  protected async onCustom(content: Record<string, unknown>): Promise<void> {
    if (content.event === "click") await this.click();
  }
  protected describe(): string {
    return `description=${JSON.stringify(this.state.description)}`;
  }
}

class Box extends DOMWidget {
  constructor(kind: "HBox" | "VBox", children: readonly Widget[]) {
    if (!Array.isArray(children) || !children.every((c) => c instanceof Widget)) throw new TypeError(`${kind}(children): expected an array of widgets`);
    super(controls(`${kind}Model`, `${kind}View`), null, { children: children.map(widgetRef), box_style: "" });
    this.children = [...children];
  }
  readonly children: Widget[];
  protected describe(): string {
    return `children=[${this.children.map(String).join(", ")}]`;
  }
}

/** Widgets side by side. */
export class HBox extends Box {
  constructor(children: readonly Widget[]) {
    super("HBox", children);
  }
}

/** Widgets one above the other. */
export class VBox extends Box {
  constructor(children: readonly Widget[]) {
    super("VBox", children);
  }
}

export interface ImageOptions {
  /** The encoded image: PNG bytes (or JPEG, GIF, SVG as `format` says). */
  value?: Uint8Array | ArrayBuffer;
  /** "png" (default), "jpeg", "gif", "svg+xml". */
  format?: string;
  /** CSS width and height ("" for the image's own). */
  width?: string | number;
  height?: string | number;
}

function imageBytes(v: unknown, name: string): Uint8Array {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${name} is ${v === null ? "null" : typeof v}; expected a Uint8Array or ArrayBuffer of encoded image bytes`);
}

/** An image from encoded bytes (ImageModel); its value travels as a binary buffer, and setting it redraws. */
export class Image extends ValueWidget<Uint8Array> {
  constructor(o: ImageOptions = {}) {
    const value = imageBytes(o.value ?? new Uint8Array(0), "Image({ value })");
    super(controls("ImageModel", "ImageView"), null, { value, format: o.format ?? "png", width: String(o.width ?? ""), height: String(o.height ?? "") });
  }
  protected validate(key: string, v: unknown): unknown {
    return key === "value" ? imageBytes(v, "Image.value") : v;
  }
  protected describe(): string {
    return `format=${JSON.stringify(this.state.format)}, ${(this.state.value as Uint8Array).byteLength} bytes`;
  }
}
