import type { AxiosInstance, AxiosResponse } from 'axios';
import { RESPONSE_EXCERPT_BYTES } from './channel';
import { RetryableDeliveryError } from './delivery-errors';
import { transportError } from './http-outcome';
import { RESPONSE_READ_LIMIT_BYTES, readExcerpt } from './response-excerpt';

export interface PostedAnswer {
  status: number;
  headers: AxiosResponse['headers'];
  /** The first RESPONSE_EXCERPT_BYTES of the body, read within the same deadline. */
  excerpt: string;
}

/**
 * POSTs a body through the SSRF-safe client under one deadline that bounds the whole attempt,
 * the answer's body included: axios' own timeout only watches an idle socket, so a receiver
 * trickling bytes would otherwise hold the attempt forever. `label` names the receiver in errors
 * (a host, never a URL: its path may be a credential). No answer at all throws the transport's
 * delivery error; any status is returned for the channel to judge.
 */
export async function postWithinDeadline(
  http: AxiosInstance,
  request: { url: string; body: string; headers: Record<string, string>; timeoutMs: number; label: string },
): Promise<PostedAnswer> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  try {
    let response: AxiosResponse<NodeJS.ReadableStream & { destroy(): void }>;
    try {
      response = await http.post(request.url, request.body, {
        headers: request.headers,
        transformRequest: [(data: string) => data],
        signal: deadline.signal,
      });
    } catch (error) {
      if (deadline.signal.aborted) throw new RetryableDeliveryError(`request to ${request.label} timed out after ${request.timeoutMs} ms`);
      throw transportError(request.label, error);
    }
    // The status decides the outcome; the body is only read for the record, within the deadline.
    const excerpt = await readExcerpt(response.data, { keepBytes: RESPONSE_EXCERPT_BYTES, maxBytes: RESPONSE_READ_LIMIT_BYTES, signal: deadline.signal });
    return { status: response.status, headers: response.headers, excerpt };
  } finally {
    clearTimeout(timer);
  }
}
