import { PAIR_FAILURE_LIMIT } from '../../apps/api/src/auth/auth-throttle';
import { hashSecret } from '../../apps/api/src/auth/password-hasher';
import { dialectsForDescribe } from '../webhooks/helpers';
import { cpuSeconds } from '../support/built-herald';
import { ADMIN, ADMIN_AUTH, BuiltStack, ensureBuilt, type ApiChild } from './support/built-stack';
import { basicAuth } from '../support/credentials';
import { send, type HttpAnswer } from './support/http';
import { report } from './support/report';

jest.setTimeout(180_000);

const GUESSES = 1_000;
const IN_FLIGHT = 50;
/**
 * A guess is hashed only when the throttle let it through, and a guess being checked counts
 * against its window as a failure would: once PAIR_FAILURE_LIMIT (10) guesses are failed or being
 * checked, the others in flight are refused too. However many are sent together, 10 are hashed.
 */
const HASHED_AT_MOST = PAIR_FAILURE_LIMIT;
/**
 * The burst may cost the API less CPU than this many scrypt hashes: the HASHED_AT_MOST the limits
 * let through, the other guesses' own work (a millisecond or so each, some 25 hashes) and room for
 * a busy machine. Unthrottled, the same guesses cost 1 000 hashes.
 */
const CPU_BOUND_IN_HASHES = 100;
const GUESSER = '127.0.0.1';
/** The real admin's machine: another loopback address, which the guesser's failures do not touch. */
const OWNER = '127.0.0.2';
/** An admin route: a guess costs the API one request and, unthrottled, one scrypt. */
const ROUTE = '/api/v1/repositories';
/** Once this many guesses are answered the throttle has set in; the owner signs in then. */
const OWNER_SIGNS_IN_AFTER = 50;

interface OwnerSignIn {
  status: number;
  ms: number;
  /** Guesses answered when the owner's answer came. */
  guessesAnswered: number;
}

/**
 * Scenario 12: one address sends 1 000 wrong passwords for the admin over HTTP Basic, 50 at a
 * time, to the built API. Every answer is 401 or 429 (no 5xx, no reset connection), all but the
 * few guesses the limits let through are 429 with Retry-After, the burst costs the API far less
 * CPU than the hashes it would have paid unthrottled, and the admin signs in from its own address
 * during and after the burst.
 */
describe.each(dialectsForDescribe())('faults: password guessing (%s)', (dialect) => {
  let stack: BuiltStack;
  let api: ApiChild;

  beforeAll(async () => {
    ensureBuilt();
    stack = await BuiltStack.create({ name: `12-password-guessing-${dialect}`, dialect });
    api = await stack.startApi();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers the guesser 429 before hashing, keeps the API cool and lets the admin in from its own address', async () => {
    const scryptSeconds = await cpuSecondsPerHash();
    const answers: HttpAnswer[] = [];
    const failures: string[] = [];
    const owner: { during?: Promise<OwnerSignIn>; answered?: boolean } = {};
    let next = 0;
    // The guessing goes on until the owner is answered too, so that answer comes during the burst.
    const guesser = async () => {
      while (next < GUESSES || !owner.answered) {
        const guess = basicAuth(ADMIN.username, `wrong-guess-${next++}`);
        try {
          answers.push(await send(stack.port, 'GET', ROUTE, { headers: { authorization: guess }, localAddress: GUESSER }));
        } catch (error) {
          failures.push((error as Error).message);
        }
        if (answers.length >= OWNER_SIGNS_IN_AFTER) {
          owner.during ??= signIn(ADMIN_AUTH).then((answer) => {
            owner.answered = true;
            return { ...answer, guessesAnswered: answers.length };
          });
        }
      }
    };

    const cpuBefore = cpuSeconds(api.pid);
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, guesser));
    const burstSeconds = (Date.now() - started) / 1000;
    const burstCpuSeconds = cpuSeconds(api.pid) - cpuBefore;
    const during = await owner.during;
    // RFC 7617 lets the scheme be any case: a header the API has not remembered, so the password is checked again.
    const after = await signIn(ADMIN_AUTH.replace(/^Basic /, 'basic '));
    const guesserStillRefused = await send(stack.port, 'GET', ROUTE, { headers: { authorization: basicAuth(ADMIN.username, 'one-more-guess') }, localAddress: GUESSER });

    const byStatus: Record<string, number> = {};
    for (const { status } of answers) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const throttled = answers.filter((answer) => answer.status === 429);
    const retryAfter = throttled.map((answer) => Number(answer.headers['retry-after']));
    report(`12-password-guessing-${dialect}`, {
      dialect,
      injected: `${answers.length} wrong passwords (${GUESSES}, then on until the owner was answered) for ${ADMIN.username} from ${GUESSER}, ${IN_FLIGHT} in flight, GET ${ROUTE} with HTTP Basic`,
      byStatus,
      clientErrors: failures.length,
      burstSeconds,
      apiCpuSeconds: Math.round(burstCpuSeconds * 100) / 100,
      scryptCpuMs: Math.round(scryptSeconds * 100_000) / 100,
      apiCpuInScryptHashes: Math.round((burstCpuSeconds / scryptSeconds) * 10) / 10,
      hashedAtMost: HASHED_AT_MOST,
      retryAfterSeconds: throttled.length ? { min: Math.min(...retryAfter), max: Math.max(...retryAfter) } : null,
      ownerDuringBurst: during,
      ownerAfterBurst: after,
      guesserAfterBurst: guesserStillRefused.status,
    });

    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(GUESSES);
    expect(Object.keys(byStatus).filter((status) => status !== '401' && status !== '429')).toEqual([]);
    expect(byStatus['401']).toBeLessThanOrEqual(HASHED_AT_MOST);
    expect(throttled.length).toBeGreaterThanOrEqual(answers.length - HASHED_AT_MOST);
    expect(retryAfter.filter((seconds) => !(Number.isInteger(seconds) && seconds > 0))).toEqual([]);
    expect(burstCpuSeconds).toBeLessThan(CPU_BOUND_IN_HASHES * scryptSeconds);
    expect(during).toMatchObject({ status: 200 });
    expect(after.status).toBe(200);
    expect(guesserStillRefused.status).toBe(429);
  });

  async function signIn(authorization: string): Promise<{ status: number; ms: number }> {
    const started = Date.now();
    const answer = await send(stack.port, 'GET', ROUTE, { headers: { authorization }, localAddress: OWNER });
    return { status: answer.status, ms: Date.now() - started };
  }
});

/** What one password hash costs on this machine now: the API's own hasher, timed in this process. */
async function cpuSecondsPerHash(): Promise<number> {
  const HASHES = 5;
  await hashSecret('warm-up');
  const before = process.cpuUsage();
  for (let k = 0; k < HASHES; k++) await hashSecret(`probe-${k}`);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6 / HASHES;
}
