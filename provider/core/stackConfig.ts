/**
 * Stack config reaches a dynamic provider only through its `configure` hook, once per provider per process.
 * It is kept here, in the provider process, and never in a resource's state.
 */
export interface ConfigSource {
  get(key: string): string | undefined;
}

const EMPTY: ConfigSource = { get: () => undefined };
let current: ConfigSource = EMPTY;

export function setStackConfig(config: ConfigSource): void {
  current = config;
}

export function stackConfig(): ConfigSource {
  return current;
}

export function resetStackConfig(): void {
  current = EMPTY;
}
