// Router core: params, query, 404/405, middleware order, JSON body limits and types, one onError.
import { describe, expect, it } from 'vitest';
import { jsonBodyOf, jsonResponse } from '../../src/api/api-response.js';
import { HttpError } from '../../src/api/http-error.js';
import { errorResponse } from '../../src/api/on-error.js';
import { MAX_BODY_BYTES } from '../../src/api/request-body.js';
import { Router, type ApiRequest } from '../../src/api/router.js';

function router(): Router {
  return new Router({ onError: (error) => errorResponse(error) })
    .get('/items/:id', async (ctx) => jsonResponse({ id: ctx.params['id'], q: ctx.query.get('q') }))
    .post('/items', async (ctx) => jsonResponse({ got: await ctx.json() }, 201));
}

function body(text: string, type = 'application/json'): Pick<ApiRequest, 'headers' | 'body'> {
  return {
    headers: { 'content-type': type },
    body: (async function* () {
      yield Buffer.from(text);
    })(),
  };
}

describe('Router', () => {
  it('matches params (decoded) and parses the query', async () => {
    const response = await router().handle({ method: 'get', url: '/items/a%20b/?q=1' });
    expect(response.status).toBe(200);
    expect(jsonBodyOf(response)).toEqual({ id: 'a b', q: '1' });
  });

  it('answers 404 E_NOT_FOUND for an unknown path', async () => {
    const response = await router().handle({ method: 'GET', url: '/nope' });
    expect(response.status).toBe(404);
    expect(jsonBodyOf(response)).toEqual({ error: { code: 'E_NOT_FOUND', message: 'no route for GET /nope' } });
  });

  it('answers 405 with `allow` when only the method is wrong', async () => {
    const response = await router().handle({ method: 'DELETE', url: '/items/1' });
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET');
    expect(jsonBodyOf(response)).toMatchObject({ error: { code: 'E_METHOD_NOT_ALLOWED' } });
  });

  it('parses a JSON body, and an empty body as undefined', async () => {
    expect(jsonBodyOf(await router().handle({ method: 'POST', url: '/items', ...body('{"a":1}') }))).toEqual({ got: { a: 1 } });
    expect(jsonBodyOf(await router().handle({ method: 'POST', url: '/items' }))).toEqual({});
  });

  it('answers 413 for a body over 1 MB, by content-length or by counting', async () => {
    const declared = await router().handle({ method: 'POST', url: '/items', headers: { 'content-length': String(MAX_BODY_BYTES + 1) } });
    expect(declared.status).toBe(413);
    const counted = await router().handle({ method: 'POST', url: '/items', ...body(`"${'x'.repeat(MAX_BODY_BYTES)}"`) });
    expect(counted.status).toBe(413);
    expect(counted.headers['connection']).toBe('close');
    expect(jsonBodyOf(counted)).toMatchObject({ error: { code: 'E_PAYLOAD_TOO_LARGE' } });
  });

  it('answers 400 E_USAGE for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await router().handle({ method: 'POST', url: '/items', ...body('{nope') });
    expect([malformed.status, jsonBodyOf(malformed)]).toMatchObject([400, { error: { code: 'E_USAGE' } }]);
    const form = await router().handle({ method: 'POST', url: '/items', ...body('a=1', 'application/x-www-form-urlencoded') });
    expect([form.status, jsonBodyOf(form)]).toMatchObject([415, { error: { code: 'E_UNSUPPORTED_MEDIA_TYPE' } }]);
  });

  it('answers 400 for a malformed percent-encoding in a param', async () => {
    expect((await router().handle({ method: 'GET', url: '/items/%E0%A4%A' })).status).toBe(400);
  });

  it('runs middleware in order around the handler, and lets one answer early', async () => {
    const seen: string[] = [];
    const app = router()
      .use(async (_ctx, next) => {
        seen.push('outer');
        return next();
      })
      .use(async (ctx, next) => {
        seen.push('inner');
        if (ctx.headers['x-deny'] !== undefined) throw new HttpError('E_NOT_FOUND', 'hidden');
        return next();
      });
    expect((await app.handle({ method: 'GET', url: '/items/1' })).status).toBe(200);
    expect((await app.handle({ method: 'GET', url: '/items/1', headers: { 'x-deny': '1' } })).status).toBe(404);
    expect(seen).toEqual(['outer', 'inner', 'outer', 'inner']);
  });
});
