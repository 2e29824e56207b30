import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Deeper than any body the API takes; deep enough bodies overflow recursive validators. */
export const MAX_BODY_DEPTH = 32;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ENCODED_NUL = /%00/;

/**
 * Refuses, before routing and validation, the input no route takes and some layers mishandle:
 * a NUL (PostgreSQL refuses it in text, SQLite's driver cuts the statement at it: a 500 either
 * way), keys that name an object's prototype (the validator drops them silently instead of
 * refusing unknown fields), and bodies nested deeper than MAX_BODY_DEPTH (a recursive validator
 * overflows the stack). A NUL in the path names nothing (404, as odd ids are answered); in the
 * query or the body it is a bad request (400). For /api and /portal, after their body parsers.
 */
export function refuseUnsafeInput(request: Request, _response: Response, next: NextFunction): void {
  const [path, query = ''] = splitOnce(request.originalUrl, '?');
  if (ENCODED_NUL.test(path)) return next(new NotFoundException('nothing here has a NUL in its name'));
  const problem = ENCODED_NUL.test(query) ? 'query parameters must not contain NUL characters' : bodyProblem(request.body);
  next(problem ? new BadRequestException({ error: 'Bad Request', message: [problem] }) : undefined);
}

/** What is wrong with a parsed body, naming the field; walked without recursion, so its depth cannot hurt. */
export function bodyProblem(body: unknown): string | null {
  const pending: Array<[unknown, string, number]> = [[body, '', 0]];
  while (pending.length > 0) {
    const [value, field, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return `${field || 'the body'} must not contain NUL characters`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) return `the body nests deeper than ${MAX_BODY_DEPTH} levels`;
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) return `${key} is not allowed as a field name`;
      if (key.includes('\u0000')) return 'field names must not contain NUL characters';
      pending.push([(value as Record<string, unknown>)[key], field ? `${field}.${key}` : key, depth + 1]);
    }
  }
  return null;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
