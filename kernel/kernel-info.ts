// The kernel_info_reply content (messaging spec 5.3, "Kernel info"). It needs only package versions, so
// that the protocol thread can answer kernel_info within moments of spawn, before the prelude loads.
import { polarlabVersion, typescriptVersion } from "./versions";
import { PROTOCOL_VERSION } from "./wire";

export const BANNER = "polarlab: TypeScript for research on the latent space of VAEs";

export function kernelInfoContent(banner: string): Record<string, unknown> {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "polarlab",
    implementation_version: polarlabVersion(),
    language_info: {
      name: "typescript",
      version: typescriptVersion(),
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      codemirror_mode: { name: "javascript", mode: "typescript", typescript: true },
    },
    banner,
    help_links: [],
  };
}
