// toolkit/widgets: ipywidgets-compatible widgets on the kernel's comms (toolkit/display/comm.ts):
// sliders, drop-downs, check boxes, buttons, output areas, boxes and interact().
export { Widget, WIDGET_TARGET, WIDGET_PROTOCOL_VERSION, WIDGET_VIEW_MIME, widgetRef, type WidgetState, type Change, type Observer } from "./widget";
export { IntSlider, FloatSlider, Dropdown, Checkbox, Button, HBox, VBox, Layout, type SliderOptions, type DropdownOptions, type ControlOptions } from "./controls";
export { Output } from "./output";
export { interact, type Interactive, type Values } from "./interact";
export { registerWidgetTargets } from "./targets";
