/**
 * A stand-in for the App Service managed-identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER), on loopback.
 * `@azure/identity`'s DefaultAzureCredential finds it through those two variables, so the provider host's real
 * Entra ID path runs, as on an Azure machine, and its bearer token reaches the emulator.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ManagedIdentityEndpoint {
  /** The variables that point DefaultAzureCredential at this endpoint. */
  env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** Resources tokens were asked for. */
  requests: string[];
  close(): Promise<void>;
}

export async function startManagedIdentityEndpoint(
  token: string,
  identityHeader: string,
): Promise<ManagedIdentityEndpoint> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    res.setHeader("content-type", "application/json");
    if (req.headers["x-identity-header"] !== identityHeader) {
      res.statusCode = 401;
      res.end(
        JSON.stringify({ error: "invalid_request", error_description: "wrong identity header" }),
      );
      return;
    }
    requests.push(url.searchParams.get("resource") ?? "");
    res.end(
      JSON.stringify({
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: url.searchParams.get("resource"),
        token_type: "Bearer",
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: {
      IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`,
      IDENTITY_HEADER: identityHeader,
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
