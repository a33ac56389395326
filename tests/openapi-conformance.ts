import { afterAll, expect } from 'vitest';
import { conformanceChecker, type RecordedResponse } from '@/lib/http/openapi/conformance';
import { openApiDocument } from '@/lib/http/openapi/document';

/**
 * Setup file of the API suite: every answer any test receives from a `/api/v1` path, whatever
 * helper or server it came through, is recorded, and after each test file all of them are
 * checked against the OpenAPI document (lib/http/openapi/conformance.ts). A route that answers
 * a status or a shape the document does not describe fails the file that saw it.
 */
const recorded: Promise<RecordedResponse | null>[] = [];
const fetchOf = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const response = await fetchOf(input, init);
  const request = new Request(input, init);
  const { pathname } = new URL(request.url);
  if (pathname.startsWith('/api/v1/')) {
    const copy = response.clone();
    recorded.push(
      copy.text().then(
        (body) => ({ method: request.method, path: pathname, status: response.status, contentType: response.headers.get('content-type') ?? '', body }),
        // A test that aborts its own request (a client hanging up) leaves nothing to check.
        () => null,
      ),
    );
  }
  return response;
};

afterAll(async () => {
  const { check } = conformanceChecker(openApiDocument());
  const answers = (await Promise.all(recorded)).filter((r) => r !== null);
  const problems = [...new Set(answers.map(check).filter((p) => p !== null))];
  expect(problems, `${problems.length} of ${answers.length} answers do not conform to the OpenAPI document`).toEqual([]);
});
