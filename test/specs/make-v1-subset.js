#!/usr/bin/env node
// Makes test/specs/azure-openai-v1.subset.json from Microsoft's full OpenAPI 3 spec of the Azure OpenAI v1 API,
// specification/ai/data-plane/OpenAI.v1/azure-v1-v1-generated.json (or the .yaml beside it) in the public
// repository Azure/azure-rest-api-specs (MIT). The full spec is not kept here (about 660 KB).
//
//   node test/specs/make-v1-subset.js <full spec .json|.yaml> [--commit <sha>] [--out <file>]
//
// Kept: the paths under /files, /uploads and /fine_tuning (jobs, their cancel, pause, resume, events, checkpoints
// and checkpoint copy, and the alpha graders), every component they reach through $ref (followed recursively,
// through allOf/anyOf/oneOf/items/properties/additionalProperties and discriminator mappings), the top-level
// security, components.securitySchemes and servers. Structure, types, formats, required lists, enums, nullable,
// defaults, discriminators and vendor extensions other than x-ms-examples are copied as they are; dropped are
// descriptions and summaries (except the description of each response object, which OpenAPI requires), operation
// tags and the top-level tag list, examples and x-ms-examples. Path and component order follow the source.
"use strict";

const fs = require("fs");
const path = require("path");

const SOURCE_REPOSITORY = "Azure/azure-rest-api-specs";
const SOURCE_PATH = "specification/ai/data-plane/OpenAI.v1/azure-v1-v1-generated.json";
const DEFAULT_COMMIT = "0723d852ed5d4c0b95f331ce6f37833be70ea019";
const DEFAULT_OUT = path.join(__dirname, "azure-openai-v1.subset.json");

// Path prefixes to keep; each must be followed by "/" or the end of the path.
const KEPT_PREFIXES = ["/files", "/uploads", "/fine_tuning"];
// Operations the subset is for; a missing one is reported (not an error: the spec may change).
const EXPECTED = [
  "post /files",
  "get /files",
  "get /files/{file_id}",
  "delete /files/{file_id}",
  "get /files/{file_id}/content",
  "post /fine_tuning/jobs",
  "get /fine_tuning/jobs",
  "get /fine_tuning/jobs/{fine_tuning_job_id}",
  "post /fine_tuning/jobs/{fine_tuning_job_id}/cancel",
  "post /fine_tuning/jobs/{fine_tuning_job_id}/pause",
  "post /fine_tuning/jobs/{fine_tuning_job_id}/resume",
  "get /fine_tuning/jobs/{fine_tuning_job_id}/events",
  "get /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints",
];
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// Keys whose value is a map from names (property names, media types, status codes, header names, component
// names, ...) to objects: a name there is never a keyword to drop.
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "paths",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "content",
  "encoding",
  "securitySchemes",
  "links",
  "callbacks",
  "variables",
]);
// Keys whose value is data, copied as it is.
const OPAQUE = new Set(["enum", "default", "const", "required", "x-ms-enum", "mapping", "scopes"]);
// Keys dropped wherever they are keywords.
const DROPPED = new Set(["x-ms-examples", "example", "examples"]);
const DROPPED_STRINGS = new Set(["description", "summary"]);

function parseArgs(argv) {
  const args = { input: undefined, commit: DEFAULT_COMMIT, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--commit") args.commit = argv[++i];
    else if (a === "--out") args.out = argv[++i];
    else if (a === "-h" || a === "--help") args.help = true;
    else if (args.input === undefined) args.input = a;
    else throw new Error(`unexpected argument: ${a}`);
  }
  return args;
}

function load(file) {
  const text = fs.readFileSync(file, "utf8");
  if (/\.ya?ml$/i.test(file)) return require("js-yaml").load(text);
  return JSON.parse(text);
}

// Copies a node with the dropped keys left out. `keepDescription`: the node is a response object.
function clean(node, keepDescription = false) {
  if (Array.isArray(node)) return node.map((item) => clean(item));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (
      DROPPED_STRINGS.has(key) &&
      typeof value === "string" &&
      !(keepDescription && key === "description")
    )
      continue;
    if (OPAQUE.has(key)) out[key] = structuredClone(value);
    else if (NAME_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      out[key] = {};
      for (const [name, entry] of Object.entries(value))
        out[key][name] = clean(entry, key === "responses");
    } else out[key] = clean(value);
  }
  return out;
}

// Every local reference in a node: "$ref" values and discriminator mapping targets.
function references(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach((item) => references(item, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.add(value);
      else if (key === "discriminator" && value && typeof value.mapping === "object")
        Object.values(value.mapping).forEach((target) => found.add(target));
      else references(value, found);
    }
  }
  return found;
}

function isKeptPath(p) {
  return KEPT_PREFIXES.some((prefix) => p === prefix || p.startsWith(prefix + "/"));
}

function makeSubset(spec, commit) {
  if (!/^3\./.test(String(spec.openapi)))
    throw new Error(`not an OpenAPI 3 document (openapi: ${spec.openapi})`);
  const paths = {};
  for (const [p, item] of Object.entries(spec.paths || {})) {
    if (!isKeptPath(p)) continue;
    paths[p] = clean(item);
    for (const method of HTTP_METHODS) if (paths[p][method]) delete paths[p][method].tags;
  }

  // Follow references from the kept paths to a fixed point.
  const reached = new Set();
  const external = new Set();
  const missing = new Set();
  const queue = [...references(paths)];
  while (queue.length > 0) {
    const ref = queue.shift();
    if (reached.has(ref)) continue;
    const m = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (!m) {
      external.add(ref);
      continue;
    }
    reached.add(ref);
    const target = spec.components && spec.components[m[1]] && spec.components[m[1]][m[2]];
    if (target === undefined) {
      missing.add(ref);
      continue;
    }
    references(clean(target, m[1] === "responses")).forEach((next) => queue.push(next));
  }

  const components = {};
  for (const [kind, entries] of Object.entries(spec.components || {})) {
    if (kind === "securitySchemes") {
      components[kind] = structuredClone(entries);
      continue;
    }
    for (const [name, entry] of Object.entries(entries)) {
      if (!reached.has(`#/components/${kind}/${name}`)) continue;
      components[kind] = components[kind] || {};
      components[kind][name] = clean(entry, kind === "responses");
    }
  }

  const out = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === "info") {
      out.info = clean(value);
      out["x-subset-of"] = {
        repository: SOURCE_REPOSITORY,
        path: SOURCE_PATH,
        commit,
        note:
          "Only the /files, /uploads and /fine_tuning paths and the components they reach (followed through $ref " +
          "and discriminator mappings) are kept; chat, embeddings, evals, models, responses and vector stores are " +
          "left out. Structure, types, formats, required lists, enums, nullable, defaults and discriminators are " +
          "as in the source; descriptions and summaries (except each response object's description), tags, " +
          "examples and x-ms-examples are dropped. security, components.securitySchemes and servers are copied " +
          "as they are. Path and component order follows the source. Made by test/specs/make-v1-subset.js.",
      };
    } else if (key === "paths") out.paths = paths;
    else if (key === "components") out.components = components;
    else if (key === "tags") continue;
    else if (key === "servers" || key === "security") out[key] = structuredClone(value);
    else out[key] = clean(value);
  }
  return { out, external, missing };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.input) {
    console.error(
      "usage: node test/specs/make-v1-subset.js <azure-v1-v1-generated.json|.yaml> [--commit <sha>] [--out <file>]",
    );
    process.exit(args.help ? 0 : 2);
  }
  const spec = load(args.input);
  const { out, external, missing } = makeSubset(spec, args.commit);

  const operations = [];
  for (const [p, item] of Object.entries(out.paths))
    for (const method of HTTP_METHODS) if (item[method]) operations.push(`${method} ${p}`);
  for (const expected of EXPECTED)
    if (!operations.includes(expected))
      console.error(`warning: no operation ${expected} in the source`);
  for (const prefix of KEPT_PREFIXES)
    if (!Object.keys(out.paths).some((p) => p === prefix || p.startsWith(prefix + "/")))
      console.error(`note: the source has no path under ${prefix}`);
  for (const ref of external) console.error(`warning: reference not followed: ${ref}`);
  for (const ref of missing) console.error(`warning: reference to a missing component: ${ref}`);

  fs.writeFileSync(args.out, JSON.stringify(out, null, 2) + "\n");
  const counts = Object.entries(out.components)
    .map(([kind, entries]) => `${Object.keys(entries).length} ${kind}`)
    .join(", ");
  console.error(
    `wrote ${args.out}: ${Object.keys(out.paths).length} paths, ${operations.length} operations, ${counts}`,
  );
  for (const op of operations) console.error(`  ${op}`);
}

module.exports = { makeSubset, clean, references };

if (require.main === module) main();
