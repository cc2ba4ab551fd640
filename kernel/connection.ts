// The connection file Jupyter writes for a kernel (jupyter_client's format): ports, ip, transport, key.
import { readFileSync } from "node:fs";

export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

const PORTS = ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"] as const;

export function readConnectionFile(path: string): ConnectionInfo {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`--connection-file ${path}: cannot read it as JSON (${(e as Error).message})`);
  }
  for (const p of PORTS) {
    if (!Number.isInteger(info[p])) throw new Error(`--connection-file ${path}: ${p} is ${JSON.stringify(info[p])}; expected a port number`);
  }
  const scheme = info.signature_scheme ?? "hmac-sha256";
  if (scheme !== "hmac-sha256") {
    throw new Error(`--connection-file ${path}: signature_scheme is ${JSON.stringify(scheme)}; polarlab supports "hmac-sha256"`);
  }
  return { ...info, transport: info.transport ?? "tcp", ip: info.ip ?? "127.0.0.1", key: info.key ?? "", signature_scheme: scheme };
}

export function address(info: ConnectionInfo, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
}
