/** The base models this package knows to be fine-tunable on Azure OpenAI (others get a warning: the service decides). */
export const KNOWN_BASE_MODELS = [
  "gpt-35-turbo-0613",
  "gpt-35-turbo-1106",
  "gpt-35-turbo-0125",
  "gpt-4o-mini-2024-07-18",
  "gpt-4o-2024-08-06",
  "gpt-4.1-2025-04-14",
  "gpt-4.1-mini-2025-04-14",
  "gpt-4.1-nano-2025-04-14",
  "o4-mini-2025-04-16",
  "babbage-002",
  "davinci-002",
] as const;

/** Base models that reinforcement fine-tuning is offered for. */
export const REINFORCEMENT_MODELS = ["o4-mini-2025-04-16"] as const;
