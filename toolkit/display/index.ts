// toolkit/display: the display protocol (DISPLAY symbol, MIME bundles, the sink), value formatting,
// updatable displays, progress bars and the running cell's AbortSignal (issue 2; ARCHITECTURE.md).
export * from "./protocol";
export * from "./vegalite";
export { formatBundle } from "./format";
export { display, clearOutput, isDisplayHandle, type DisplayHandle } from "./display";
export { progress, type Progress, type ProgressOptions } from "./progress";
export { setSink, getSink, currentSignal, TerminalSink, plainText } from "./sink";
export { tableBundle, asDataFrameTable, asRowsTable, type Table } from "./table";
