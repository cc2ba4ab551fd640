// Comments out of declaration files (.d.ts): TypeScript parses every `/** … */` of a .d.ts as JSDoc, and
// comments are 63 % of the bytes of the ES2022 library and @types/node that tslab's converter loads at
// start-up. A .d.ts holds no expressions, so the only text that can hold comment-like characters is a
// string or a template literal type (`${number}px`), which are kept as they are, like triple-slash
// directives (`/// <reference … />`). A block comment leaves its line breaks, so line numbers stay.

const enum Ch {
  LineFeed = 10,
  DoubleQuote = 34,
  Quote = 39,
  Slash = 47,
  Star = 42,
  Backslash = 92,
  Backtick = 96,
  Dollar = 36,
  OpenBrace = 123,
  CloseBrace = 125,
}

/** The end (exclusive) of the string literal that starts at `start` with `quote`. */
function stringEnd(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Ch.Backslash) i++;
    else if (c === quote || c === Ch.LineFeed) return i + 1;
  }
  return text.length;
}

/** The declaration text without its comments (triple-slash directives kept). */
export function stripComments(text: string): string {
  const parts: string[] = [];
  let kept = 0; // start of the text not yet copied
  /** One entry per open template literal: the brace depth inside its current `${`. */
  const templates: number[] = [];
  let inTemplateText = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (inTemplateText) {
      if (c === Ch.Backslash) i += 2;
      else if (c === Ch.Backtick) {
        inTemplateText = false;
        templates.pop();
        i++;
      } else if (c === Ch.Dollar && text.charCodeAt(i + 1) === Ch.OpenBrace) {
        inTemplateText = false;
        templates[templates.length - 1] = 0;
        i += 2;
      } else i++;
      continue;
    }
    if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Slash) {
      const eol = text.indexOf("\n", i);
      const end = eol < 0 ? text.length : eol;
      if (!/^\/\/\/\s*</.test(text.slice(i, i + 8))) {
        parts.push(text.slice(kept, i));
        kept = end;
      }
      i = end;
    } else if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Star) {
      const close = text.indexOf("*/", i + 2);
      const end = close < 0 ? text.length : close + 2;
      parts.push(text.slice(kept, i), "\n".repeat(countLines(text, i, end)));
      kept = end;
      i = end;
    } else if (c === Ch.DoubleQuote || c === Ch.Quote) {
      i = stringEnd(text, i, c);
    } else if (c === Ch.Backtick) {
      templates.push(0);
      inTemplateText = true;
      i++;
    } else {
      if (templates.length > 0) {
        if (c === Ch.OpenBrace) templates[templates.length - 1]++;
        else if (c === Ch.CloseBrace && templates[templates.length - 1]-- === 0) inTemplateText = true;
      }
      i++;
    }
  }
  parts.push(text.slice(kept));
  return parts.join("");
}

function countLines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", start); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
