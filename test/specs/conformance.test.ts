/**
 * The emulator against Microsoft's specs: every operation it serves, in each family whose spec has
 * it (2024-10-21 and 2025-04-01-preview under /openai, v1 under /openai/v1), is called and its
 * status and body checked against the spec's success answer; errors (404 unknown id, 400 bad body,
 * v1's 404 for dated-only routes) against the spec's error schema. The clock is moved so jobs pass
 * through every status, pause and resume, succeed and fail, and have checkpoints.
 *
 * Deliberate deviations (the emulator README's "Deviations from the specs") are tolerated by
 * pattern and printed; anything else fails the test. At the end one line per spec is printed:
 * `operations covered / operations in the spec` for files, uploads and fine_tuning.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createManualClock,
  DEFAULT_AZURE_API_KEY,
  type Emulator,
  type ManualClock,
  ROUTE_KEYS,
  startEmulator,
} from "../../emulator";
import {
  errorSchemaOf,
  findOperation,
  type Operation,
  operations,
  responseProblems,
  SPEC_NAMES,
  SPECS,
  type Spec,
  type SpecName,
} from "./specs";
import { validate } from "./schema";

const START_MS = Date.UTC(2025, 0, 1);
const PROCESSING_MS = 2000;
const MODEL = "gpt-4o-mini-2024-07-18";
const LINE = JSON.stringify({
  messages: [
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello" },
  ],
});
const RFT_MODEL = "o4-mini-2025-04-16";
const RFT_LINE = JSON.stringify({ messages: [{ role: "user", content: "2+2?" }], answer: "4" });
const TRAINING = `${Array.from({ length: 12 }, () => LINE).join("\n")}\n`;

interface Deviation {
  spec: SpecName;
  problem: RegExp;
  why: string;
}

/** Where the emulator deviates from a spec on purpose; each is in the emulator README's table. */
const DEVIATIONS: Deviation[] = [
  {
    spec: "v1",
    problem: /: \$(\.data\[\d+\])?\.status: "pending" is not one of /,
    why: "jobs start `pending`, which the live service is reported to send; v1's enum lacks it",
  },
  {
    spec: "v1",
    problem: /: \$(\.data\[\d+\])?\.status: "(pausing|paused|resuming)" is not one of /,
    why: "v1 has pause and resume, but its status enum lacks pausing, paused and resuming",
  },
  {
    spec: "v1",
    problem: /^v1 GET \/files: \$\.(first_id|last_id): null is null, not string$/,
    why: "an empty files list has no first or last id: null, as OpenAI sends",
  },
];

/**
 * Mismatches found here whose fix belongs to code another change owns: tolerated so the rest of the
 * check still guards, printed on every run until the fix lands (then delete the entry). Empty now:
 * v1's `organization_id: null` (a required string) was fixed in jobs.ts.
 */
const TO_FIX: Deviation[] = [];

interface Run {
  spec: Spec;
  emulator: Emulator;
  clock: ManualClock;
  /** `METHOD path` of the spec's operations answered with success and checked. */
  covered: Set<string>;
  problems: string[];
}

const runs = new Map<SpecName, Run>();
const notes: string[] = [];
const tolerated = new Map<string, number>();

/** A loopback server for files/import's content_url. */
let contentServer: Server;
let contentBase = "";

beforeAll(async () => {
  contentServer = createServer((req, res) => {
    if (req.url === "/train.jsonl") return void res.end(TRAINING);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => contentServer.listen(0, "127.0.0.1", resolve));
  contentBase = `http://127.0.0.1:${(contentServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => contentServer.close(resolve));
  for (const run of runs.values()) await run.emulator.close();
  const lines = SPEC_NAMES.filter((name) => runs.has(name)).map((name) =>
    coverageLine(runs.get(name)!),
  );
  for (const [why, count] of tolerated) lines.push(`  tolerated (${count}x): ${why}`);
  for (const { spec, why } of [...DEVIATIONS, ...TO_FIX]) {
    if (runs.has(spec) && !tolerated.has(why)) lines.push(`  no longer met (delete it?): ${why}`);
  }
  // One log, at the end: the coverage lines, then what was skipped or tolerated.
  console.log([...lines, ...notes].join("\n"));
});

function coverageLine({ spec, covered }: Run): string {
  const groups = ["files", "uploads", "fine_tuning"] as const;
  const all = operations(spec);
  const counts = groups.map((group) => {
    const ops = all.filter((op) => op.group === group);
    const done = ops.filter((op) => covered.has(opKey(op))).length;
    return `${group} ${done}/${ops.length}`;
  });
  return `${spec.name}: ${counts.join(", ")}`;
}

const opKey = (op: Operation) => `${op.method} ${op.path}`;
const template = (key: string) => key.replace(/\{[^}]+\}/g, "{}");

/** Whether the emulator has a route for a spec operation (its key, with any parameter names). */
function served(spec: Spec, op: Operation): boolean {
  const wanted = template(`${op.method} ${spec.basePath}${op.path}`);
  return ROUTE_KEYS.some((key) => template(key) === wanted);
}

interface CallOptions {
  json?: unknown;
  form?: FormData;
  /** v1 only: the api-version to send (default none). */
  apiVersion?: string;
  /** The error status expected; the body is then checked against the error schema. */
  error?: number;
}

/**
 * Calls `method path` (relative to the family's base, with any query) and checks the answer
 * against the spec's operation. Returns the parsed body, or undefined when the emulator has no
 * route for the operation (noted) or the answer had no JSON body.
 */
async function call(run: Run, method: string, path: string, options: CallOptions = {}) {
  const { spec } = run;
  const op = findOperation(spec, method, `${spec.basePath}${path}`);
  if (!op) throw new Error(`Test bug: ${spec.name} has no ${method} ${path}.`);
  if (!served(spec, op)) {
    const note = `  skipped ${spec.name} ${opKey(op)}: the emulator has no route for it`;
    if (!notes.includes(note)) notes.push(note);
    return undefined;
  }
  const res = await send(run, method, path, options);
  const text = op.binary && options.error === undefined ? "" : await res.text();
  const body = text === "" ? undefined : (JSON.parse(text) as unknown);
  const problems = responseProblems(op, res.status, body, options.error);
  if (
    body !== undefined &&
    !(res.headers.get("content-type") ?? "").startsWith("application/json")
  ) {
    problems.push(
      `${spec.name} ${opKey(op)}: a JSON body sent as ${res.headers.get("content-type")}`,
    );
  }
  if (op.binary && options.error === undefined) {
    const type = res.headers.get("content-type");
    if (type !== "application/octet-stream") {
      problems.push(
        `${spec.name} ${opKey(op)}: content sent as ${type}, not application/octet-stream`,
      );
    }
    await res.arrayBuffer();
  }
  record(run, problems);
  if (options.error === undefined && res.status === op.successStatus) run.covered.add(opKey(op));
  return body as Record<string, unknown> | undefined;
}

/** An error answer to a path the spec does not have (v1's dated-only routes), against its error schema. */
async function callMissing(run: Run, method: string, path: string, status: number) {
  const res = await send(run, method, path, {});
  const label = `${run.spec.name} ${method} ${path}`;
  const body: unknown = await res.json();
  const problems =
    res.status === status ? [] : [`${label}: answered ${res.status}, expected ${status}`];
  problems.push(
    ...validate(errorSchemaOf(run.spec), body, run.spec.document).map((p) => `${label}: ${p}`),
  );
  record(run, problems);
}

function send(run: Run, method: string, path: string, options: CallOptions) {
  const { spec, emulator } = run;
  const url = new URL(`${spec.basePath}${path}`, emulator.url);
  const apiVersion = spec.apiVersion ?? options.apiVersion;
  if (apiVersion !== undefined) url.searchParams.set("api-version", apiVersion);
  const headers: Record<string, string> = { "api-key": DEFAULT_AZURE_API_KEY };
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  return fetch(url, { method, headers, body });
}

function record(run: Run, problems: string[]): void {
  for (const problem of problems) {
    const deviation = [...DEVIATIONS, ...TO_FIX].find(
      (d) => d.spec === run.spec.name && d.problem.test(problem),
    );
    if (deviation) tolerated.set(deviation.why, (tolerated.get(deviation.why) ?? 0) + 1);
    else run.problems.push(problem);
  }
}

function fileForm(spec: Spec, purpose: string, content: string, filename: string): FormData {
  const form = new FormData();
  form.set("purpose", purpose);
  form.set("file", new Blob([content], { type: "application/jsonl" }), filename);
  if (spec.name === "v1") {
    // v1 requires expires_after (the emulator accepts it and does not apply it).
    form.set("expires_after[anchor]", "created_at");
    form.set("expires_after[seconds]", "1209600");
  }
  return form;
}

const idOf = (body: Record<string, unknown> | undefined): string => {
  if (typeof body?.id !== "string") throw new Error(`No id in ${JSON.stringify(body)}.`);
  return body.id;
};

async function newRun(name: SpecName): Promise<Run> {
  const clock = createManualClock(START_MS);
  const emulator = await startEmulator({ clock, processingMs: PROCESSING_MS, maxActiveJobs: 10 });
  const run = { spec: SPECS[name], emulator, clock, covered: new Set<string>(), problems: [] };
  runs.set(name, run);
  return run;
}

describe.each(SPEC_NAMES)("the emulator against %s", (name) => {
  it("answers every operation it serves as the spec says", async () => {
    const run = await newRun(name);
    const { spec, clock } = run;
    const dated = spec.name !== "v1";
    const jobs = "/fine_tuning/jobs";

    // Files: upload, import (dated), get, content, list.
    const training = idOf(
      await call(run, "POST", "/files", {
        form: fileForm(spec, "fine-tune", TRAINING, "train.jsonl"),
      }),
    );
    const batch = idOf(
      await call(run, "POST", "/files", { form: fileForm(spec, "batch", "{}\n", "batch.jsonl") }),
    );
    let validation = training;
    if (dated) {
      const json = {
        purpose: "fine-tune",
        filename: "valid.jsonl",
        content_url: `${contentBase}/train.jsonl`,
      };
      validation = idOf(await call(run, "POST", "/files/import", { json }));
    }
    await call(run, "GET", `/files/${training}`);
    await call(run, "GET", `/files/${training}/content`);
    clock.advance(PROCESSING_MS);
    await call(run, "GET", "/files");
    await call(run, "GET", `/files?purpose=fine-tune&limit=1&after=${training}`);

    // Jobs: one to succeed, one to pause, resume and cancel, one to fail.
    const base = { model: MODEL, training_file: training, validation_file: validation };
    const metadata = dated ? {} : { metadata: { team: "conformance" } };
    const succeeding = idOf(
      await call(run, "POST", jobs, { json: { ...base, suffix: "ok", seed: 7, ...metadata } }),
    );
    const paused = idOf(
      await call(run, "POST", jobs, { json: { ...base, hyperparameters: { n_epochs: 2 } } }),
    );
    const failing = idOf(await call(run, "POST", jobs, { json: { ...base, suffix: "willfail" } }));
    if (!dated) {
      // Reinforcement fine-tuning (v1 only): its method section has a grader of its own.
      const rftData = `${Array.from({ length: 12 }, () => RFT_LINE).join("\n")}\n`;
      const form = fileForm(spec, "fine-tune", rftData, "rft.jsonl");
      const rftFile = idOf(await call(run, "POST", "/files", { form }));
      clock.advance(PROCESSING_MS);
      const reinforcement = {
        grader: {
          type: "string_check",
          name: "exact",
          input: "{{sample.output_text}}",
          reference: "{{item.answer}}",
          operation: "eq",
        },
        hyperparameters: { reasoning_effort: "low", n_epochs: 1 },
      };
      const json = {
        model: RFT_MODEL,
        training_file: rftFile,
        validation_file: rftFile,
        method: { type: "reinforcement", reinforcement },
        // o4-mini trains only with global training; the field is in the docs, not in any spec.
        trainingType: "globalStandard",
      };
      const rft = idOf(await call(run, "POST", jobs, { json }));
      await call(run, "POST", `${jobs}/${rft}/cancel`);
    }
    for (const ms of [0, 1000, 2000, 2000]) {
      clock.advance(ms); // pending, validating_files, queued, running
      await call(run, "GET", `${jobs}/${succeeding}`);
    }
    clock.advance(5000); // half way through running: a checkpoint, metrics events
    await call(run, "GET", `${jobs}/${succeeding}/checkpoints`);
    await call(run, "GET", `${jobs}/${succeeding}/events?limit=3`);
    if (operations(spec).some((op) => op.path.endsWith("/pause"))) {
      await call(run, "POST", `${jobs}/${paused}/pause`);
      clock.advance(1000);
      await call(run, "GET", `${jobs}/${paused}`);
      await call(run, "POST", `${jobs}/${paused}/resume`);
      await call(run, "GET", `${jobs}/${paused}`);
    }
    await call(run, "POST", `${jobs}/${paused}/cancel`);
    clock.advance(10_000); // succeeded, failed
    await call(run, "GET", `${jobs}/${succeeding}`);
    await call(run, "GET", `${jobs}/${failing}`);
    await call(run, "GET", jobs);
    await call(run, "GET", `${jobs}?limit=1&after=${succeeding}`);
    const events = await call(run, "GET", `${jobs}/${succeeding}/events`);
    const lastEvent = (events?.data as { id: string }[] | undefined)?.[0]?.id;
    await call(run, "GET", `${jobs}/${succeeding}/events?limit=2&after=${lastEvent}`);
    await call(run, "GET", `${jobs}/${succeeding}/checkpoints?limit=2`);
    const files = await call(run, "GET", "/files?order=desc");
    const results = (files?.data as { id: string; purpose: string }[]).find(
      (f) => f.purpose === "fine-tune-results",
    );
    if (!results) throw new Error("The succeeded job's results file is not listed.");
    await call(run, "GET", `/files/${results.id}`);
    if (dated) await call(run, "DELETE", `${jobs}/${paused}`);
    await call(run, "DELETE", `/files/${batch}`);

    // Uploads (dated only).
    if (dated) {
      const start = {
        filename: "big.jsonl",
        purpose: "fine-tune",
        bytes: TRAINING.length,
        mime_type: "application/jsonl",
      };
      const upload = idOf(await call(run, "POST", "/uploads", { json: start }));
      const form = new FormData();
      form.set("data", new Blob([TRAINING]), "part");
      const part = idOf(await call(run, "POST", `/uploads/${upload}/parts`, { form }));
      await call(run, "POST", `/uploads/${upload}/complete`, { json: { part_ids: [part] } });
      const other = idOf(await call(run, "POST", "/uploads", { json: start }));
      await call(run, "POST", `/uploads/${other}/cancel`);
    }

    // Errors: unknown ids, bad bodies; on v1 the dated-only routes and a dated api-version.
    await call(run, "GET", "/files/file-missing", { error: 404 });
    await call(run, "DELETE", "/files/file-missing", { error: 404 });
    await call(run, "GET", `${jobs}/ftjob-missing`, { error: 404 });
    await call(run, "POST", `${jobs}/ftjob-missing/cancel`, { error: 404 });
    await call(run, "GET", `${jobs}/ftjob-missing/events`, { error: 404 });
    await call(run, "POST", jobs, { json: {}, error: 400 });
    await call(run, "POST", jobs, { json: { ...base, training_file: "file-missing" }, error: 400 });
    await call(run, "POST", "/files", {
      form: fileForm(spec, "no-such-purpose", "x", "x.txt"),
      error: 400,
    });
    if (dated) {
      await call(run, "POST", "/uploads", { json: {}, error: 400 });
      await call(run, "POST", "/uploads/upload-missing/cancel", { error: 404 });
      await call(run, "POST", "/files/import", {
        json: { purpose: "fine-tune", filename: "f", content_url: "https://example.com/f" },
        error: 400,
      });
    } else {
      await call(run, "GET", "/files", { apiVersion: "preview" });
      await call(run, "GET", "/files", { apiVersion: "2024-10-21", error: 400 });
      await callMissing(run, "POST", "/uploads", 404);
      await callMissing(run, "POST", "/files/import", 404);
      await callMissing(run, "DELETE", `${jobs}/${paused}`, 404);
    }

    // An empty list, last (v1 wants first_id and last_id even then).
    const emptyPurpose = "/files?purpose=assistants";
    await call(run, "GET", emptyPurpose);

    expect(run.problems).toEqual([]);
  });
});

describe("operations the emulator does not serve", () => {
  it("are only v1's graders and checkpoint copy", () => {
    const missing = SPEC_NAMES.flatMap((name) =>
      operations(name)
        .filter((op) => !served(SPECS[name], op))
        .map((op) => `${name} ${opKey(op)}`),
    );
    for (const op of missing) notes.push(`  not served: ${op}`);
    expect(missing.filter((op) => !/graders|\/copy$/.test(op))).toEqual([]);
  });
});
