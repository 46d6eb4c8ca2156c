import { childPath, resolveRef, validate } from "./schema";
import {
  findOperation,
  operations,
  requestProblems,
  responseProblems,
  specForRequest,
  SPECS,
} from "./specs";

const ROOT = {
  definitions: {
    State: { type: "string", enum: ["a", "b"], "x-ms-enum": { modelAsString: true } },
    Closed: { type: "string", enum: ["a", "b"] },
    Pet: {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", minLength: 1, maxLength: 5 },
        age: { type: "integer", minimum: 0, maximum: 30 },
        weight: { type: "number" },
        state: { $ref: "#/definitions/State" },
        tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 },
        owner: { $ref: "#/components/schemas/Owner" },
      },
    },
    Strict: {
      type: "object",
      properties: { a: { type: "string" } },
      additionalProperties: false,
    },
    Map: { type: "object", additionalProperties: { type: "number" } },
    "Odd~Name/x": { type: "boolean" },
  },
  components: {
    schemas: {
      Owner: {
        type: "object",
        required: ["id", "nick"],
        properties: { id: { type: "string" }, nick: { type: "string", nullable: true } },
      },
      AutoOrInt: { anyOf: [{ type: "string", enum: ["auto"] }, { type: "integer" }] },
      OneOf: { oneOf: [{ type: "integer" }, { type: "number", minimum: 10 }] },
      Both: {
        allOf: [
          { type: "object", required: ["x"] },
          { type: "object", properties: { y: { type: "string" } } },
        ],
      },
      Excl: {
        type: "number",
        minimum: 0,
        exclusiveMinimum: true,
        maximum: 1,
        exclusiveMaximum: true,
      },
      Any: {},
      File: { type: "file" },
    },
  },
};

const ref = (name: string) =>
  name in ROOT.definitions
    ? { $ref: `#/definitions/${name}` }
    : { $ref: `#/components/schemas/${name}` };

describe("validate", () => {
  it.each<[string, string, unknown, string[]]>([
    ["a valid object", "Pet", { name: "Rex", age: 3, weight: 4.5, tags: ["x"] }, []],
    ["a missing required property", "Pet", { age: 3 }, ["$.name: is required but missing"]],
    ["a string too short", "Pet", { name: "" }, ['$.name: "" is shorter than 1 characters']],
    [
      "a string too long",
      "Pet",
      { name: "Rexxxx" },
      ['$.name: "Rexxxx" is longer than 5 characters'],
    ],
    ["code points, not UTF-16 units", "Pet", { name: "🐶🐶🐶🐶🐶" }, []],
    [
      "a number where an integer is needed",
      "Pet",
      { name: "R", age: 2.5 },
      ["$.age: 2.5 is a number, not integer"],
    ],
    [
      "a string where a number is needed",
      "Pet",
      { name: "R", weight: "4" },
      ['$.weight: "4" is a string, not number'],
    ],
    ["an integer is a number", "Pet", { name: "R", weight: 4 }, []],
    ["below the minimum", "Pet", { name: "R", age: -1 }, ["$.age: -1 is below the minimum 0"]],
    ["above the maximum", "Pet", { name: "R", age: 31 }, ["$.age: 31 is above the maximum 30"]],
    ["too few items", "Pet", { name: "R", tags: [] }, ["$.tags: has 0 items, fewer than 1"]],
    [
      "too many items",
      "Pet",
      { name: "R", tags: ["a", "b", "c"] },
      ["$.tags: has 3 items, more than 2"],
    ],
    ["a bad item", "Pet", { name: "R", tags: [1] }, ["$.tags[0]: 1 is an integer, not string"]],
    [
      "a non-required property null (Azure convention)",
      "Pet",
      { name: "R", age: null, owner: null },
      [],
    ],
    ["a required property null", "Pet", { name: null }, ["$.name: null is null, not string"]],
    [
      "a nested $ref across formats",
      "Pet",
      { name: "R", owner: { id: 1, nick: null } },
      ["$.owner.id: 1 is an integer, not string"],
    ],
    [
      "a nested required property",
      "Pet",
      { name: "R", owner: { nick: "n" } },
      ["$.owner.id: is required but missing"],
    ],
    ["nullable: true allows null when required", "Owner", { id: "o", nick: null }, []],
    ["an open enum (modelAsString) takes any string", "State", "c", []],
    ["an open enum still wants a string", "State", 3, ["$: 3 is an integer, not string"]],
    ["a closed enum", "Closed", "c", ['$: "c" is not one of a, b']],
    ["a closed enum value", "Closed", "b", []],
    [
      "additionalProperties false",
      "Strict",
      { a: "x", b: 1 },
      ["$.b: is not a property of this object (additionalProperties is false)"],
    ],
    [
      "additionalProperties a schema",
      "Map",
      { loss: 0.5, bad: "x" },
      ['$.bad: "x" is a string, not number'],
    ],
    ["not an object", "Pet", [], ["$: [] is an array, not object"]],
    ["anyOf: the first", "AutoOrInt", "auto", []],
    ["anyOf: the second", "AutoOrInt", 3, []],
    [
      "anyOf: none",
      "AutoOrInt",
      2.5,
      [
        "$: 2.5 matches none of the anyOf schemas ($: 2.5 is a number, not string; $: 2.5 is a number, not integer)",
      ],
    ],
    ["oneOf: exactly one", "OneOf", 5, []],
    ["oneOf: two", "OneOf", 12, ["$: 12 matches 2 of the oneOf schemas, not exactly one"]],
    [
      "oneOf: none",
      "OneOf",
      "x",
      [
        '$: "x" matches none of the oneOf schemas ($: "x" is a string, not integer; $: "x" is a string, not number)',
      ],
    ],
    ["allOf: every part", "Both", { x: 1, y: "s" }, []],
    [
      "allOf: a part fails",
      "Both",
      { y: 2 },
      ["$.x: is required but missing", "$.y: 2 is an integer, not string"],
    ],
    ["exclusive bounds", "Excl", 0, ["$: 0 is below the minimum (exclusive) 0"]],
    ["exclusive maximum", "Excl", 1, ["$: 1 is above the maximum (exclusive) 1"]],
    ["inside exclusive bounds", "Excl", 0.5, []],
    ["an empty schema takes anything", "Any", { any: [1] }, []],
    ["Swagger's file type takes anything", "File", "bytes", []],
    ["a $ref with escapes", "Odd~Name/x", "x", ['$: "x" is a string, not boolean']],
  ])("%s", (_, name, value, expected) => {
    const schema = name === "Odd~Name/x" ? { $ref: "#/definitions/Odd~0Name~1x" } : ref(name);
    expect(validate(schema, value, ROOT)).toEqual(expected);
  });

  it("names array items and odd keys in paths", () => {
    expect(childPath(childPath("$", "data"), 0)).toBe("$.data[0]");
    expect(childPath("$", "expires_after.seconds")).toBe('$["expires_after.seconds"]');
  });

  it("refuses an unresolvable or remote $ref", () => {
    expect(() => resolveRef(ROOT, "#/definitions/Nope")).toThrow(
      'Unresolvable $ref "#/definitions/Nope"',
    );
    expect(() => resolveRef(ROOT, "other.json#/x")).toThrow("Only local $refs");
  });

  it("stops a schema that loops on the same value", () => {
    const loop = { definitions: { A: { allOf: [{ $ref: "#/definitions/A" }] } } };
    expect(validate({ $ref: "#/definitions/A" }, 1, loop)[0]).toMatch(/nests deeper than/);
  });

  it("checks the specs' own shapes: v1's status enum is closed", () => {
    const { document } = SPECS.v1;
    const job = { $ref: "#/components/schemas/OpenAI.FineTuningJob" };
    const problems = validate(job, { status: "paused" }, document);
    expect(problems).toContain(
      '$.status: "paused" is not one of validating_files, queued, running, succeeded, failed, cancelled',
    );
    expect(problems).toContain("$.organization_id: is required but missing");
  });

  it("checks the specs' own shapes: the dated status enum is open", () => {
    const { document } = SPECS["2024-10-21"];
    const job = { $ref: "#/definitions/FineTuningJob" };
    expect(validate(job, { model: "m", training_file: "f", status: "paused" }, document)).toEqual(
      [],
    );
  });
});

describe("operations", () => {
  it.each([
    ["2024-10-21", 17],
    ["2025-04-01-preview", 19],
    ["v1", 17],
  ] as const)("reads %s's %i operations", (spec, count) => {
    expect(operations(spec)).toHaveLength(count);
  });

  it("reads success codes, schemas and bodies in both formats", () => {
    expect(findOperation("2024-10-21", "POST", "/openai/files")).toMatchObject({
      operationId: "Files_Upload",
      successStatus: 201,
      bodyKind: "multipart",
    });
    expect(findOperation("v1", "POST", "/openai/v1/files")).toMatchObject({
      operationId: "createFile",
      successStatus: 200,
      bodyKind: "multipart",
    });
    expect(
      findOperation("2025-04-01-preview", "DELETE", "/openai/fine_tuning/jobs/{id}"),
    ).toMatchObject({
      successStatus: 204,
      successSchema: undefined,
      binary: false,
    });
    expect(findOperation("v1", "GET", "/openai/v1/files/file-1/content")).toMatchObject({
      operationId: "downloadFile",
      binary: true,
    });
    expect(findOperation("2024-10-21", "POST", "/openai/files/import")?.operationId).toBe(
      "Files_Import",
    );
    expect(findOperation("2024-10-21", "GET", "/openai/files/import")?.operationId).toBe(
      "Files_Get",
    );
    expect(findOperation("v1", "POST", "/openai/v1/uploads")).toBeUndefined();
    expect(findOperation("v1", "GET", "/openai/files")).toBeUndefined();
    expect(findOperation("2024-10-21", "GET", "/openai/v1/files")).toBeUndefined();
  });
});

describe("requestProblems", () => {
  const job = { model: "gpt-4o-mini-2024-07-18", training_file: "file-1" };

  it.each<[string, Parameters<typeof requestProblems>, string[]]>([
    [
      "a dated job create",
      ["2024-10-21", "POST", "/openai/fine_tuning/jobs", "2024-10-21", job],
      [],
    ],
    [
      "a v1 job create without api-version",
      ["v1", "POST", "/openai/v1/fine_tuning/jobs", undefined, job],
      [],
    ],
    [
      "a v1 job create with RFT and metadata",
      [
        "v1",
        "POST",
        "/openai/v1/fine_tuning/jobs",
        "preview",
        {
          ...job,
          metadata: { team: "x" },
          method: {
            type: "reinforcement",
            reinforcement: {
              grader: {
                type: "string_check",
                name: "g",
                input: "{{sample}}",
                reference: "r",
                operation: "eq",
              },
              hyperparameters: { reasoning_effort: "low", n_epochs: 2 },
            },
          },
        },
      ],
      [],
    ],
    [
      "a route key as the path",
      ["2024-10-21", "POST", "/openai/fine_tuning/jobs/{id}/cancel", "2024-10-21", undefined],
      [],
    ],
    [
      "an empty body where none is taken",
      ["v1", "POST", "/openai/v1/fine_tuning/jobs/ftjob-1/cancel", "v1", {}],
      [],
    ],
    [
      "an upload (multipart, not checked)",
      ["2025-04-01-preview", "POST", "/openai/files", "2025-04-01-preview", undefined],
      [],
    ],
    [
      "a dated create missing training_file",
      ["2024-10-21", "POST", "/openai/fine_tuning/jobs", "2024-10-21", { model: "m" }],
      ["2024-10-21 POST /openai/fine_tuning/jobs: $.training_file: is required but missing"],
    ],
    [
      "a v1 create with a suffix too long and a bad seed",
      [
        "v1",
        "POST",
        "/openai/v1/fine_tuning/jobs",
        undefined,
        { ...job, suffix: "s".repeat(65), seed: -1 },
      ],
      [
        `v1 POST /openai/v1/fine_tuning/jobs: $.suffix: "${"s".repeat(56)}... is longer than 64 characters`,
        "v1 POST /openai/v1/fine_tuning/jobs: $.seed: -1 is below the minimum 0",
      ],
    ],
    [
      "a v1 create with an unknown method type",
      [
        "v1",
        "POST",
        "/openai/v1/fine_tuning/jobs",
        undefined,
        { ...job, method: { type: "rlhf" } },
      ],
      [
        'v1 POST /openai/v1/fine_tuning/jobs: $.method.type: "rlhf" is not one of supervised, dpo, reinforcement',
      ],
    ],
    [
      "a dated create without its body",
      ["2025-04-01-preview", "POST", "/openai/fine_tuning/jobs", "2025-04-01-preview", undefined],
      ["2025-04-01-preview POST /openai/fine_tuning/jobs: body: is required but missing"],
    ],
    [
      "an upload start missing bytes",
      [
        "2024-10-21",
        "POST",
        "/openai/uploads",
        "2024-10-21",
        { filename: "f", purpose: "fine-tune", mime_type: "text/plain" },
      ],
      ["2024-10-21 POST /openai/uploads: $.bytes: is required but missing"],
    ],
    [
      "uploads on v1",
      ["v1", "POST", "/openai/v1/uploads", undefined, { filename: "f" }],
      ["v1 POST /openai/v1/uploads: no such operation in v1 (paths under /openai/v1/)"],
    ],
    [
      "job DELETE on v1",
      ["v1", "DELETE", "/openai/v1/fine_tuning/jobs/ftjob-1", "v1", undefined],
      [
        "v1 DELETE /openai/v1/fine_tuning/jobs/ftjob-1: no such operation in v1 (paths under /openai/v1/)",
      ],
    ],
    [
      "pause on 2024-10-21",
      ["2024-10-21", "POST", "/openai/fine_tuning/jobs/ftjob-1/pause", "2024-10-21", undefined],
      [
        "2024-10-21 POST /openai/fine_tuning/jobs/ftjob-1/pause: no such operation in 2024-10-21 (paths under /openai/)",
      ],
    ],
    [
      "a dated route without api-version",
      ["2024-10-21", "GET", "/openai/files", undefined, undefined],
      ["2024-10-21 GET /openai/files: api-version: is required by 2024-10-21 but missing"],
    ],
    [
      "another spec's api-version",
      ["2024-10-21", "GET", "/openai/files", "2025-04-01-preview", undefined],
      [
        '2024-10-21 GET /openai/files: api-version: "2025-04-01-preview" is not 2024-10-21\'s api-version',
      ],
    ],
    [
      "a dated api-version on v1",
      ["v1", "GET", "/openai/v1/files", "2024-10-21", undefined],
      ['v1 GET /openai/v1/files: api-version: "2024-10-21" is not one of v1, preview'],
    ],
    [
      "a body where none is taken",
      ["v1", "POST", "/openai/v1/fine_tuning/jobs/ftjob-1/pause", undefined, { now: true }],
      ["v1 POST /openai/v1/fine_tuning/jobs/ftjob-1/pause: body: the operation takes no body"],
    ],
  ])("%s", (_, args, expected) => {
    expect(requestProblems(...args)).toEqual(expected);
  });
});

describe("responseProblems", () => {
  const op = findOperation("v1", "GET", "/openai/v1/files/file-1")!;

  it("checks the status and the body", () => {
    expect(responseProblems(op, 201, {})).toEqual([
      "v1 GET /files/{file_id}: answered 201, the spec's success status is 200",
    ]);
    expect(responseProblems(op, 200, { id: "f" })).toContain(
      "v1 GET /files/{file_id}: $.bytes: is required but missing",
    );
  });

  it("checks an error against the error schema", () => {
    expect(responseProblems(op, 404, { error: { code: "notFound", message: "m" } }, 404)).toEqual(
      [],
    );
    expect(responseProblems(op, 404, { error: { code: 404 } }, 404)).toEqual([
      "v1 GET /files/{file_id}: $.error.code: 404 is an integer, not string",
    ]);
  });

  it("wants no body where the spec has none", () => {
    const del = findOperation("2024-10-21", "DELETE", "/openai/fine_tuning/jobs/x")!;
    expect(responseProblems(del, 204, undefined)).toEqual([]);
    expect(responseProblems(del, 204, {})).toEqual([
      "2024-10-21 DELETE /fine_tuning/jobs/{fine-tuning-job-id}: answered a body, the spec has none",
    ]);
  });
});

describe("specForRequest", () => {
  it.each([
    ["/openai/v1/files", undefined, "v1"],
    ["/openai/v1/fine_tuning/jobs?api-version=preview", "preview", "v1"],
    ["/openai/files", "2024-10-21", "2024-10-21"],
    ["/openai/fine_tuning/jobs/{id}", "2025-04-01-preview", "2025-04-01-preview"],
    ["/openai/files", "2024-06-01", undefined],
    ["/openai/files", undefined, undefined],
    ["/v2/finetuning", undefined, undefined],
  ])("%s with api-version %s → %s", (path, apiVersion, expected) => {
    expect(specForRequest(path, apiVersion)).toBe(expected);
  });
});
