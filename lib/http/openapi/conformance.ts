import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { matchApiRoute } from '../check-api-route';
import type { OpenApiDocument } from './document';

/**
 * Checks answers of the real server against the OpenAPI document: the operation must exist, the
 * status be one it documents, and a JSON body validate against that status's schema (JSON
 * Schema 2020-12, the dialect of OpenAPI 3.1, with ajv). Used by the API suite for every answer
 * it receives (tests/openapi-conformance.ts) and by the document's own test for its examples.
 */

export type RecordedResponse = { method: string; path: string; status: number; contentType: string; body: string };

const DOCUMENT_ID = 'https://tillpoint.invalid/openapi.json';
// Answered by Next.js itself for every route, and not API operations.
const FRAMEWORK_METHODS = new Set(['HEAD', 'OPTIONS']);

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function conformanceChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats.default(ajv);
  // The whole document as one schema resource: `#/components/schemas/X` refs resolve inside it.
  ajv.addSchema(document, DOCUMENT_ID);
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorAt = (path: string) => {
    let validate = compiled.get(path);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${path}` });
      compiled.set(path, validate);
    }
    return validate;
  };

  /** Null when the JSON value conforms to the schema at the JSON pointer, else the errors. */
  function validateAt(schemaPointer: string, value: unknown): string | null {
    const validate = validatorAt(schemaPointer);
    return validate(value) ? null : ajv.errorsText(validate.errors, { separator: '; ' });
  }

  const errorSchema = '/' + pointer('components', 'schemas', 'Error');

  /** Null when the answer conforms to the document, else what is wrong with it. */
  function check(response: RecordedResponse): string | null {
    const { method, status, contentType } = response;
    const where = `${method} ${response.path} → ${status}`;
    const json = (): unknown => {
      try {
        return JSON.parse(response.body);
      } catch {
        return undefined;
      }
    };
    const match = matchApiRoute(response.path);
    const path = match?.route.path.replace(/^\/api\/v1/, '').replace(/\[(\w+)\]/g, '{$1}');
    const operation = path === undefined ? undefined : document.paths[path]?.[method.toLowerCase()];
    if (!operation) {
      if (FRAMEWORK_METHODS.has(method)) return null;
      // An unknown path (404 route_missing) or a method the path lacks (405): still the error shape.
      const problem = (status === 404 || status === 405) && validateAt(errorSchema, json());
      return problem === null ? null : `${where}: not a documented operation${problem ? ` (and not the error shape: ${problem})` : ''}`;
    }
    const documented = operation.responses[String(status)];
    if (!documented) return `${where}: status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    if (!documented.content) return response.body === '' ? null : `${where}: documented without a body, got one`;
    const mediaType = Object.keys(documented.content).find((type) => contentType.startsWith(type));
    if (!mediaType) return `${where}: content type ${contentType || '(none)'} is not documented (${Object.keys(documented.content).join(', ')})`;
    if (mediaType !== 'application/json') return null;
    const problem = validateAt('/' + pointer('paths', path!, method.toLowerCase(), 'responses', String(status), 'content', mediaType, 'schema'), json());
    return problem && `${where}: ${problem}; body: ${response.body.slice(0, 300)}`;
  }

  return { check, validateAt };
}
