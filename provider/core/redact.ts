/**
 * Credentials in use are registered here when they are resolved, so that no message built from vendor text, a
 * URL or a thrown error can carry them, in plain, base64 or URL-encoded form.
 */
const secrets = new Set<string>();

const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export function secretForms(value: string): string[] {
  const forms = [value, encodeURIComponent(value), Buffer.from(value).toString("base64")];
  return [...new Set(forms)];
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      if (out.includes(form)) out = out.split(form).join("[redacted]");
    }
  }
  return out;
}
