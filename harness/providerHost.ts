/**
 * Starts the Pulumi SDK's own dynamic-provider host (the plugin the engine runs for `pulumi-nodejs` resources) and
 * drives it over gRPC with the calls the engine makes. No Pulumi CLI is involved; the (de)serialization of
 * `__provider`, `configure` and the CRUD hooks run exactly as under `pulumi up`.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as statusProto from "@pulumi/pulumi/proto/status_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { childScript } from "./childScript";
import { WAIT_DIVISOR_ENV } from "./fastWaits";

export type PropertyMap = Record<string, unknown>;

/**
 * Where the harness's processes (the host, the program runner) keep Node's compiled-code cache: each loads the
 * Pulumi SDK, which costs most of a process's start, and a test suite starts hundreds of them.
 */
export const HARNESS_COMPILE_CACHE = path.join(
  os.tmpdir(),
  "pulumi-finetune-harness-compile-cache",
);

/** A unary method of the generated gRPC client, looked up by name. */
type UnaryMethod<T> = (
  this: providerRpc.ResourceProviderClient,
  request: unknown,
  callback: (error: grpc.ServiceError | null, response: T) => void,
) => void;

export interface ProviderHostOptions {
  /** Where the engine would start the plugin: the Pulumi project directory. */
  cwd: string;
  project: string;
  stack: string;
  /** Stack config as the engine sends it to a dynamic provider: full keys (`azure-openai:apiKey`). */
  config?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /**
   * Every sleep of the package's waits in the host lasts this many times less (default 1: real waits), for tests
   * whose emulator runs its state machines as fast: a poll interval of 1 s reads every 1000 / waitDivisor ms.
   */
  waitDivisor?: number;
}

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

/** A create that made the object but failed to finish: the engine keeps it in the state with these properties. */
export interface InitFailure {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

export class ProviderCallError extends Error {
  constructor(
    readonly method: string,
    readonly grpcCode: number,
    readonly details: string,
    readonly initFailure?: InitFailure,
  ) {
    super(`${method} failed: ${details}`);
  }
}

function initFailureOf(error: grpc.ServiceError): InitFailure | undefined {
  const [bin] = error.metadata?.get("grpc-status-details-bin") ?? [];
  if (!bin) return undefined;
  const status = statusProto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
  for (const detail of status.getDetailsList()) {
    if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const failed = providerProto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return {
      id: failed.getId(),
      properties: failed.getProperties()?.toJavaScript() ?? {},
      reasons: failed.getReasonsList(),
    };
  }
  return undefined;
}

export class ProviderHost {
  readonly logs: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerRpc.ResourceProviderClient,
  ) {}

  /** The host process's id (to read what CPU it used, say). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(options: ProviderHostOptions): Promise<ProviderHost> {
    const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    const divisor = options.waitDivisor ?? 1;
    if (!(Number.isFinite(divisor) && divisor >= 1)) {
      throw new Error(`waitDivisor must be a number of at least 1, not ${divisor}.`);
    }
    const preload = divisor > 1 ? ["--require", childScript("fastWaits")] : [];
    const child = spawn(process.execPath, [...preload, hostScript, "127.0.0.1:1"], {
      cwd: options.cwd,
      env: {
        ...process.env,
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? HARNESS_COMPILE_CACHE,
        ...options.env,
        [WAIT_DIVISOR_ENV]: divisor > 1 ? String(divisor) : undefined,
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const logs: string[] = [];
    const port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          if (/^\d+$/.test(line.trim()) && !port) resolvePort(Number(line.trim()));
          else logs.push(line);
        }
      });
      child.stderr.on("data", (chunk: Buffer) =>
        logs.push(...chunk.toString().split("\n").filter(Boolean)),
      );
      let port = 0;
      const resolvePort = (p: number) => {
        port = p;
        resolve(p);
      };
      child.once("exit", (code) =>
        reject(new Error(`dynamic-provider host exited (${code}): ${logs.join("\n")}`)),
      );
      child.once("error", reject);
    });
    const client = new providerRpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    const host = new ProviderHost(child, client);
    host.logs.push(...logs);
    child.stdout.on("data", (chunk: Buffer) =>
      host.logs.push(...chunk.toString().split("\n").filter(Boolean)),
    );
    child.stderr.on("data", (chunk: Buffer) =>
      host.logs.push(...chunk.toString().split("\n").filter(Boolean)),
    );
    await host.configure(options.config ?? {});
    return host;
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new providerProto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config));
    for (const [key, value] of Object.entries(config)) req.getVariablesMap().set(key, value);
    await this.unary("configure", req);
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new providerProto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.unary<providerProto.CheckResponse>("check", req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: PropertyMap, news: PropertyMap): Promise<DiffResult> {
    const req = new providerProto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.unary<providerProto.DiffResponse>("diff", req);
    const kinds = providerProto.DiffResponse.DiffChanges;
    const changes = resp.getChanges();
    return {
      changes:
        changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(
    urn: string,
    properties: PropertyMap,
    preview = false,
  ): Promise<{ id: string; properties: PropertyMap }> {
    const req = new providerProto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(properties));
    req.setPreview(preview);
    const resp = await this.unary<providerProto.CreateResponse>("create", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async read(
    urn: string,
    id: string,
    properties: PropertyMap,
    inputs: PropertyMap,
  ): Promise<{ id: string; properties: PropertyMap; inputs?: PropertyMap }> {
    const req = new providerProto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    req.setInputs(toStruct(inputs));
    const resp = await this.unary<providerProto.ReadResponse>("read", req);
    return {
      id: resp.getId(),
      properties: resp.getProperties()?.toJavaScript() ?? {},
      inputs: resp.getInputs()?.toJavaScript() as PropertyMap | undefined,
    };
  }

  async update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<PropertyMap> {
    const req = new providerProto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.unary<providerProto.UpdateResponse>("update", req);
    return resp.getProperties()?.toJavaScript() ?? {};
  }

  async delete(urn: string, id: string, properties: PropertyMap): Promise<void> {
    const req = new providerProto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    await this.unary("delete", req);
  }

  /**
   * SIGKILL, as when a CI runner is killed mid-run: nothing in the host gets to finish. Resolves once the process has
   * exited, so that no answer sent after this can reach it.
   */
  async kill(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }

  private unary<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const call = (this.client as unknown as Record<string, UnaryMethod<T>>)[method]!;
      call.call(this.client, request, (error: grpc.ServiceError | null, response: T) => {
        if (error)
          reject(new ProviderCallError(method, error.code, error.details, initFailureOf(error)));
        else resolve(response);
      });
    });
  }
}

function toStruct(props: PropertyMap): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Record<string, never>);
}
