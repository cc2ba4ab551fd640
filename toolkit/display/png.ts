// SVG to PNG, rendered in-process by resvg (the Rust SVG renderer, prebuilt for each platform as
// @resvg/resvg-js), with the DejaVu fonts from the dejavu-fonts-ttf package instead of the system's, so
// that a chart draws the same text on every machine, fonts installed or not.
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";

/** Device pixels per CSS pixel of the PNG: 2 draws sharply on high-density screens and in print previews. */
export const PNG_SCALE = 2;

export interface RenderedPng {
  /** The PNG file, base64-encoded as Jupyter stores image/png. */
  base64: string;
  /** The size to show it at, in CSS pixels (the SVG's own size). */
  width: number;
  height: number;
}

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"];

function fontFiles(): string[] {
  const dir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return FONT_FILES.map((f) => path.join(dir, f));
}

/** Renders an SVG document to a PNG at `scale` device pixels per CSS pixel, on a white background. */
export function svgToPng(svg: string, scale: number = PNG_SCALE): RenderedPng {
  if (typeof svg !== "string" || !svg.includes("<svg")) {
    throw new TypeError(`svgToPng(svg): svg is ${typeof svg === "string" ? JSON.stringify(svg.slice(0, 60)) : typeof svg}; expected an SVG document string`);
  }
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8)) {
    throw new RangeError(`svgToPng(svg, scale): scale is ${scale}; expected a number in (0, 8]`);
  }
  const renderer = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  const image = renderer.render();
  return { base64: image.asPng().toString("base64"), width: Math.round(renderer.width), height: Math.round(renderer.height) };
}
