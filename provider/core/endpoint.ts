import { InputError } from "./errors";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Parses a service endpoint. Plain http is refused unless the host is loopback (the emulator): credentials and
 * training data would otherwise cross the network in clear text.
 */
export function parseEndpoint(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InputError(
      field,
      `"${value}" is not a URL; use the form https://<resource>.openai.azure.com.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InputError(field, `"${value}" uses ${url.protocol}; use https://.`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      field,
      `plain http:// is refused for ${url.hostname}: API keys and training data would travel unencrypted. ` +
        "Use https://, or a loopback address (127.0.0.1, localhost) for a local emulator.",
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      field,
      "must not carry a query string, fragment or user info; give the base URL only.",
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}
