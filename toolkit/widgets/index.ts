// toolkit/widgets: ipywidgets-compatible widgets on the kernel's comms (toolkit/display/comm.ts):
// sliders, drop-downs, check boxes, buttons, images, output areas, boxes and interact().
export { Widget, WIDGET_TARGET, WIDGET_PROTOCOL_VERSION, WIDGET_VIEW_MIME, widgetRef, type WidgetState, type Change, type Observer } from "./widget";
export { IntSlider, FloatSlider, Dropdown, Checkbox, Button, HBox, VBox, Layout, Image, type SliderOptions, type DropdownOptions, type ControlOptions, type ImageOptions } from "./controls";
export { removeBuffers, putBuffers, type BufferPath } from "./buffers";
export { Output } from "./output";
export { interact, type Interactive, type Values } from "./interact";
export { registerWidgetTargets } from "./targets";
