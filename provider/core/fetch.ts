/** The shape of `fetch` the transport wraps and tests replace. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
