import { redactSecrets } from "./redact";

/**
 * Progress lines for long waits and retries. A dynamic provider's console.log output reaches the Pulumi CLI;
 * `pulumi.log` does not. Tests replace the sink to assert on what users see.
 */
let sink: (line: string) => void = (line) => console.log(line);

export function progress(line: string): void {
  sink(redactSecrets(line));
}

export function setProgressSink(next: (line: string) => void): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}
