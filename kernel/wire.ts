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

export function sign(key: string, frames: (Buffer | string)[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const f of frames) hmac.update(f);
  return hmac.digest("hex");
}

/** Parses the frames of one incoming message, throwing SignatureError when its HMAC does not match. */
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
  const [header, parent, metadata, content] = body.map((b) => JSON.parse(b.toString("utf8")));
  return { identities: frames.slice(0, delim), header, parent_header: parent, metadata, content, buffers: frames.slice(delim + 6) };
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
    metadata,
    content,
    buffers: [],
  };
}
