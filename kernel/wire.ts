// The Jupyter wire protocol (messaging spec 5.3, "The Wire Protocol"): [identities…, "<IDS|MSG>", HMAC,
// header, parent_header, metadata, content, buffers…]; the HMAC-SHA256 over the four JSON frames is keyed
// by the connection file's key. An empty key means signing is disabled (the spec allows it).
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = Buffer.from("<IDS|MSG>");

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [extra: string]: unknown;
}

export interface Message {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: Buffer[];
}

/** A message as it crosses between threads (postMessage): identities and buffers as Uint8Array. */
export type WireMessage = Omit<Message, "identities" | "buffers"> & { identities: Uint8Array[]; buffers: Uint8Array[] };

export function toWire(msg: Message): WireMessage {
  return { ...msg, identities: msg.identities.map((b) => new Uint8Array(b)), buffers: msg.buffers.map((b) => new Uint8Array(b)) };
}

export function fromWire(msg: WireMessage): Message {
  return { ...msg, identities: msg.identities.map((b) => Buffer.from(b)), buffers: msg.buffers.map((b) => Buffer.from(b)) };
}

export class SignatureError extends Error {}

/** A correctly signed message whose frames are not the JSON objects the spec requires. */
export class MalformedMessageError extends Error {}

export function sign(key: string, frames: (Buffer | string)[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const f of frames) hmac.update(f);
  return hmac.digest("hex");
}

/**
 * Parses the frames of one incoming message, throwing SignatureError when its HMAC does not match and
 * MalformedMessageError when a frame is not JSON or not the object the spec requires (a header with string
 * msg_id and msg_type; parent_header, metadata and content objects; a null parent_header reads as {}).
 */
export function decode(key: string, frames: Buffer[]): Message {
  const delim = frames.findIndex((f) => f.equals(DELIMITER));
  if (delim < 0) throw new SignatureError("message has no <IDS|MSG> delimiter");
  if (frames.length < delim + 6) throw new SignatureError(`message has ${frames.length - delim - 1} frames after the delimiter; expected at least 5`);
  const signature = frames[delim + 1].toString("ascii");
  const body = frames.slice(delim + 2, delim + 6);
  const expected = sign(key, body);
  if (key !== "" && !safeEqual(signature, expected)) {
    throw new SignatureError(signature === "" ? "message is not signed" : "message signature does not match the connection key");
  }
  const [header, parent, metadata, content] = body.map((b, i) => parseFrame(FRAME_NAMES[i], b));
  const problem =
    !isObject(header) ? `header is ${describe(header)}; expected an object`
    : typeof header.msg_type !== "string" || header.msg_type === "" ? `header.msg_type is ${describe(header.msg_type)}; expected a message type such as "execute_request"`
    : typeof header.msg_id !== "string" ? `header.msg_id is ${describe(header.msg_id)}; expected a string`
    : parent !== null && !isObject(parent) ? `parent_header is ${describe(parent)}; expected an object`
    : !isObject(metadata) ? `metadata is ${describe(metadata)}; expected an object`
    : !isObject(content) ? `content is ${describe(content)}; expected an object`
    : undefined;
  if (problem) throw new MalformedMessageError(problem);
  return {
    identities: frames.slice(0, delim),
    header: header as unknown as Header,
    parent_header: (parent ?? {}) as Header,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, any>,
    buffers: frames.slice(delim + 6),
  };
}

const FRAME_NAMES = ["header", "parent_header", "metadata", "content"];

function parseFrame(name: string, frame: Buffer): unknown {
  try {
    return JSON.parse(frame.toString("utf8"));
  } catch (e) {
    throw new MalformedMessageError(`${name} is not JSON (${(e as Error).message})`);
  }
}

function isObject(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === undefined) return "missing";
  const text = JSON.stringify(x);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The frames of an outgoing message, signed. */
export function encode(key: string, msg: Message): Buffer[] {
  const body = [msg.header, msg.parent_header, msg.metadata, msg.content].map((x) => Buffer.from(JSON.stringify(x), "utf8"));
  return [...msg.identities, DELIMITER, Buffer.from(sign(key, body), "ascii"), ...body, ...msg.buffers];
}

/** A new header answering (or following) `parent`, in the parent's session. */
export function newHeader(msgType: string, parent: Partial<Header> | undefined, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: typeof parent?.username === "string" ? parent.username : "polarlab",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** A complete outgoing message. */
export function makeMessage(
  msgType: string,
  content: Record<string, unknown>,
  parent: Partial<Header> | undefined,
  session: string,
  identities: Buffer[] = [],
  metadata: Record<string, unknown> = {},
): Message {
  return {
    identities,
    header: newHeader(msgType, parent, session),
    parent_header: (parent ?? {}) as Header,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, any>,
    buffers: [],
  };
}
