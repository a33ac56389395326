import { z } from 'zod';
import type { ErrorCode } from '@/lib/errors';
import { errorObject } from '../error-body';
import { httpStatus } from '../errors';
import { operations, tags, type Operation, type OperationKey } from './operations';

/**
 * The OpenAPI 3.1 document of the native API, generated from `operations` and the zod schemas
 * they name (zod's own JSON Schema output, draft 2020-12, which OpenAPI 3.1 uses as is). Objects
 * with a zod `id` become `components.schemas`; every media type gets an `example`.
 */

type JsonSchema = { [key: string]: unknown };
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  security: Record<string, string[]>[];
};
export type ParameterObject = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema };
export type MediaTypeObject = { schema: JsonSchema; example?: unknown };
export type ResponseObject = { description: string; content?: Record<string, MediaTypeObject> };
export type OperationObject = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
  'x-permission'?: string;
};

const SCHEMA_REF = '#/components/schemas/';

/** Errors any authenticated operation can answer (service_unavailable: the database is away or a transaction lost its races, with Retry-After). */
const AUTH_ERRORS: ErrorCode[] = ['api_key_missing', 'api_key_invalid', 'api_key_revoked', 'session_expired', 'permission_denied', 'csrf_token_invalid', 'rate_limited', 'internal_error', 'service_unavailable'];
/** Errors of reading a JSON (or upload) body. */
const BODY_ERRORS: ErrorCode[] = ['json_invalid', 'json_too_deep', 'parameter_invalid', 'payload_too_large'];
/** Errors of an `Idempotency-Key` (POST only). */
const IDEMPOTENCY_ERRORS: ErrorCode[] = ['idempotency_key_invalid', 'idempotency_key_reused', 'idempotency_key_in_use'];

/** Collects the `$defs` zod extracts (schemas with an `id`) as components, and points refs there. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const { $defs, $schema: _, ...rest } = json as { $defs?: Record<string, JsonSchema>; $schema?: string };
    for (const [id, def] of Object.entries($defs ?? {})) this.add(id, rewriteRefs(def) as JsonSchema);
    return rewriteRefs(rest) as JsonSchema;
  }

  private add(id: string, schema: JsonSchema): void {
    const known = this.components[id];
    if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`Two different schemas share the id ${id}`);
    this.components[id] = schema;
  }
}

/**
 * Points zod's `#/$defs/X` refs at the components, and drops the regex zod writes beside a
 * `format` (date-time, email, ...): the format says it, and the regexes would be most of the text.
 */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !(key === 'pattern' && 'format' in value))
      .map(([key, child]) => [key, key === '$ref' && typeof child === 'string' ? child.replace('#/$defs/', SCHEMA_REF) : rewriteRefs(child)]),
  );
}

/** An example for a schema: its own `examples`, else one built from its parts. */
export function exampleOf(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): unknown {
  if (depth > 12) return null;
  const next = (s: unknown) => exampleOf(s as JsonSchema, components, depth + 1);
  if (typeof schema.$ref === 'string') return next(components[schema.$ref.slice(SCHEMA_REF.length)]);
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(schema[key])) return next(schema[key][0]);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, next(property)]));
    }
    case 'array':
      return schema.items ? [next(schema.items)] : [];
    case 'string':
      return stringExample(schema);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2026-11-30T12:00:00.000Z',
  date: '2026-11-30',
  email: 'ana@example.com',
  uri: 'https://shop.example.com/hooks/tillpoint',
};

function stringExample(schema: JsonSchema): string {
  const known = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  if (known) return known;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return 'string'.padEnd(min, '-');
}

/** `POST /payments/{id}/refunds` → `postPaymentsIdRefunds`. */
export function operationIdOf(key: string): string {
  const [method, path] = key.split(' ');
  const words = path.split(/[/_{}.]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(httpStatus(code), [...new Set([...(byStatus.get(httpStatus(code)) ?? []), code])]);
  const responses: Record<string, ResponseObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const schema = {
      allOf: [{ $ref: `${SCHEMA_REF}Error` }, { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: list } } } } }],
    };
    responses[String(status)] = { description: list.map((c) => `\`${c}\``).join(', '), content: { 'application/json': { schema } } };
  }
  return responses;
}

function queryParameters(query: z.ZodType, schemas: SchemaCollector): ParameterObject[] {
  const json = schemas.convert(query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    return { name, in: 'query', required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

function operationObject(key: OperationKey, op: Operation, schemas: SchemaCollector): OperationObject {
  const [method, path] = key.split(' ');
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const paramSchemas = op.params ? (schemas.convert(op.params, 'input') as { properties: Record<string, JsonSchema> }).properties : {};
  const parameters: ParameterObject[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: paramSchemas[name] ?? { type: 'string' } }));
  if (op.query) parameters.push(...queryParameters(op.query, schemas));
  if (method === 'POST' && op.permission) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'A key (up to 255 characters) that makes a retry safe: the same key and body answer the first result again.',
      schema: { type: 'string', maxLength: 255 },
    });
  }

  // A component carries its own `examples`; other schemas get one built from their parts.
  const withExample = (schema: JsonSchema): MediaTypeObject => ('$ref' in schema ? { schema } : { schema, example: exampleOf(schema, schemas.components) });
  let requestBody: OperationObject['requestBody'];
  if (op.body) {
    const schema = schemas.convert(op.body, 'input');
    requestBody = { required: Array.isArray(schema.required) && schema.required.length > 0, content: { 'application/json': withExample(schema) } };
  }
  if (op.rawBody) {
    requestBody = { required: true, content: Object.fromEntries(Object.entries(op.rawBody).map(([type, schema]) => [type, withExample(schemas.convert(schema, 'input'))])) };
  }

  const success: Record<string, ResponseObject> = {};
  for (const status of op.status ?? [200]) {
    const description = status === 201 ? 'Created.' : status === 304 ? 'Not modified.' : 'OK.';
    success[String(status)] =
      status === 304
        ? { description }
        : 'mediaType' in op.response
        ? { description, content: { [op.response.mediaType]: { schema: op.response.mediaType === 'text/csv' ? { type: 'string' } : { type: 'object' } } } }
        : { description, content: { 'application/json': withExample(schemas.convert(op.response, 'output')) } };
  }

  const codes: ErrorCode[] = [...(op.errors ?? [])];
  if (op.permission) codes.push(...AUTH_ERRORS);
  if (pathParams.length > 0) codes.push('parameter_invalid', 'resource_missing');
  if (op.query) codes.push('parameter_invalid', 'parameter_missing');
  if (method === 'POST' || method === 'PATCH') codes.push(...BODY_ERRORS, 'parameter_missing');
  if (method === 'POST' && op.permission) codes.push(...IDEMPOTENCY_ERRORS);

  return {
    operationId: operationIdOf(key),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: { ...success, ...errorResponses(codes) },
    ...(op.permission ? { 'x-permission': op.permission } : { security: [] }),
  };
}

const DESCRIPTION = `The native Tillpoint API. JSON in and out; amounts are decimal strings in the currency's major unit ("125.50"), currencies ISO 4217 codes, times ISO 8601 UTC.

Authenticate with \`Authorization: Bearer sk_test_…\` (an API key; its role decides what it may do, named as \`x-permission\` on each operation), or with the dashboard's session cookie plus the \`X-CSRF-Token\` header on changes.

Every error answers the standard shape (\`Error\`) with a stable \`code\`. Beyond each operation's own: a method a path does not have answers 405 \`method_not_allowed\` with an \`Allow\` header, an unknown path 404 \`route_missing\` (a path with a trailing or doubled slash too: there is one URL per operation, and no redirect).`;

function buildDocument(): OpenApiDocument {
  const schemas = new SchemaCollector();
  schemas.convert(errorObject, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const [key, op] of Object.entries(operations) as [OperationKey, Operation][]) {
    const [method, path] = key.split(' ');
    (paths[path] ??= {})[method.toLowerCase()] = operationObject(key, op, schemas);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tillpoint API', version: '1', description: DESCRIPTION },
    servers: [{ url: '/api/v1' }],
    tags: tags.map((t) => ({ ...t })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A secret API key: `sk_test_…`.' },
        session: { type: 'apiKey', in: 'cookie', name: 'tp_session', description: 'The dashboard session; changes also need the `X-CSRF-Token` header.' },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process (it depends only on the code). */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildDocument();
  return cached;
}
