#!/usr/bin/env node
// Installs the built package into node_modules/pulumi-finetune as a real directory (not a symlink: Node records
// real paths), so that examples and tests load it from node_modules exactly as users do. Only then does Pulumi
// serialize each resource's provider as a one-line require("pulumi-finetune/...").
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const target = path.join(root, "node_modules", "pulumi-finetune");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

if (!fs.existsSync(path.join(root, "dist", "provider", "index.js"))) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(1);
}
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
const { scripts, devDependencies, allowScripts, ...published } = pkg;
fs.writeFileSync(path.join(target, "package.json"), JSON.stringify(published, null, 2) + "\n");
for (const entry of pkg.files) {
  fs.cpSync(path.join(root, entry), path.join(target, entry), { recursive: true });
}
