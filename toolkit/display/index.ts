// toolkit/display: the display protocol (DISPLAY symbol, MIME bundles, the sink), value formatting,
// updatable displays, progress bars and the running cell's AbortSignal (Jupyter messaging 5.3:
// display_data, update_display_data, clear_output).
export * from "./protocol";
export * from "./vegalite";
export { Comm, openComm, registerCommTarget, type CommHost, type CommMessage, type CommHandler, type CommTargetHandler } from "./comm";
export { svgToPng, PNG_SCALE, type RenderedPng } from "./png";
export { formatBundle } from "./format";
export { display, clearOutput, isDisplayHandle, type DisplayHandle } from "./display";
export { progress, type Progress, type ProgressOptions } from "./progress";
export { setSink, getSink, TerminalSink, plainText } from "./sink";
export { currentSignal } from "../runtime/cancellation";
export { tableBundle, asDataFrameTable, asRowsTable, type Table } from "./table";
