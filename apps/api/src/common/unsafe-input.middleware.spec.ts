import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MAX_BODY_DEPTH, bodyProblem, refuseUnsafeInput } from './unsafe-input.middleware';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

describe('refuseUnsafeInput', () => {
  const run = (originalUrl: string, body: unknown) => {
    const next = jest.fn();
    refuseUnsafeInput({ originalUrl, body } as Request, {} as Response, next);
    return next.mock.calls[0][0] as unknown;
  };

  it('passes ordinary requests on', () => {
    expect(run('/api/v1/webhooks?repository=libs', { repository: 'libs', events: ['file.uploaded'], target: { type: 'json', url: 'https://ci.example.com' } })).toBeUndefined();
    expect(run('/api/v1/repositories', undefined)).toBeUndefined();
  });

  it('answers a NUL in the path as naming nothing (404), in the query as a bad request (400)', () => {
    expect(run('/api/v1/users/adm%00in', {})).toBeInstanceOf(NotFoundException);
    expect(run('/api/v1/events?repository=a%00', {})).toBeInstanceOf(BadRequestException);
  });

  it.each([
    ['a NUL in a string', { description: 'a\u0000b' }, /^description must not contain NUL/],
    ['a NUL in a nested string', { target: { to: ['x\u0000'] } }, /^target\.to\.0 must not contain NUL/],
    ['a NUL in a field name', { ['x\u0000']: 1 }, /NUL/],
    ['__proto__ as an own field', JSON.parse('{"name":"x","__proto__":{"role":"admin"}}'), /__proto__/],
    ['constructor as a field', { name: 'x', constructor: { prototype: {} } }, /constructor/],
    ['a body nested too deep', nested(MAX_BODY_DEPTH + 1), /deeper/],
  ])('refuses %s', (_name, body, message) => {
    expect(bodyProblem(body)).toMatch(message);
  });

  it('takes a body nested to the limit, and walks 100 000 levels without recursion', () => {
    expect(bodyProblem(nested(MAX_BODY_DEPTH - 1))).toBeNull();
    expect(bodyProblem(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toMatch(/deeper/);
  });
});
