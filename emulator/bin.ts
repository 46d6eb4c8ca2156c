#!/usr/bin/env node
import { main } from "./cli";

void main(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
}).then(({ exitCode, emulator }) => {
  if (!emulator) {
    process.exitCode = exitCode;
    return;
  }
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
});
