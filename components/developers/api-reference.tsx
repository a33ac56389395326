import type { ReactNode } from 'react';
import { Badge, type Tone } from '@/components/ui/badge';
import type { OpenApiDocument, OperationObject, ParameterObject } from '@/lib/http/openapi/document';

/**
 * The API reference page's body: the OpenAPI document rendered as HTML on the server (no
 * script, nothing fetched). Endpoints are grouped by tag; each opens (a `<details>`) to its
 * parameters, request body, responses and examples. `examples` holds one per operation,
 * keyed `operationId request` / `operationId <status>`, worked out by the page.
 */

type Schema = { [key: string]: unknown };
export type ReferenceExamples = Record<string, unknown>;

const methodTones: Record<string, Tone> = { get: 'blue', post: 'green', patch: 'amber', delete: 'red' };
const SCHEMA_REF = '#/components/schemas/';

/** A short type for a schema: `string`, `Payment`, `Refund[]`, `"a" | "b"`, `string | null`. */
function typeOf(schema: Schema | undefined): ReactNode {
  if (!schema) return 'any';
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.slice(SCHEMA_REF.length);
    return (
      <a href={`#schema-${name}`} className="text-indigo-700 hover:underline">
        {name}
      </a>
    );
  }
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return join(union.map(typeOf), ' | ');
  if (Array.isArray(schema.allOf)) return typeOf(schema.allOf[0] as Schema);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return join(
    types.map((type) => {
      if (type === 'array') return <>{typeOf(schema.items as Schema)}[]</>;
      if (type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object' && !schema.properties) {
        return <>map of {typeOf(schema.additionalProperties as Schema)}</>;
      }
      if (type === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
      return type ?? 'any';
    }),
    ' | ',
  );
}

function join(parts: ReactNode[], separator: string): ReactNode {
  return parts.map((part, i) => (
    <span key={i}>
      {i > 0 && separator}
      {part}
    </span>
  ));
}

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[13px] text-slate-800">{children}</code>;
}

/** Descriptions mark code with backticks, as in the document: render those spans as code. */
function Prose({ text }: { text: string | undefined }) {
  if (!text) return null;
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <Code key={i}>{part}</Code> : part))}</>;
}

function Example({ label, value }: { label: string; value: unknown }) {
  return (
    <figure className="mt-2">
      <figcaption className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</figcaption>
      <pre className="mt-1 max-h-80 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-5 text-slate-100">{JSON.stringify(value, null, 2)}</pre>
    </figure>
  );
}

function FieldTable({ label, rows }: { label: string; rows: { name: string; type: ReactNode; required: boolean; description?: string }[] }) {
  if (rows.length === 0) return null;
  return (
    <table aria-label={label} className="mt-2 w-full text-left text-sm">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-4 font-semibold">
            Name
          </th>
          <th scope="col" className="py-1 pr-4 font-semibold">
            Type
          </th>
          <th scope="col" className="py-1 font-semibold">
            Description
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {rows.map((row) => (
          <tr key={row.name}>
            <td className="py-1.5 pr-4 font-mono text-[13px] text-slate-900">
              {row.name}
              {row.required && <span className="ml-1 text-xs font-sans text-rose-700">required</span>}
            </td>
            <td className="py-1.5 pr-4 font-mono text-[13px] text-slate-600">{row.type}</td>
            <td className="py-1.5 text-slate-600">
              <Prose text={row.description} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function propertiesOf(schema: Schema) {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([name, property]) => ({
    name,
    type: typeOf(property),
    required: required.has(name),
    description: property.description as string | undefined,
  }));
}

function parameterRows(parameters: ParameterObject[]) {
  return parameters.map((p) => ({ name: p.name, type: <>{typeOf(p.schema)} <span className="font-sans text-xs text-slate-400">in {p.in}</span></>, required: p.required, description: p.description }));
}

function OperationEntry({ method, path, operation, examples }: { method: string; path: string; operation: OperationObject; examples: ReferenceExamples }) {
  const body = operation.requestBody && Object.entries(operation.requestBody.content)[0];
  const statuses = Object.entries(operation.responses);
  const success = statuses.filter(([status]) => status.startsWith('2'));
  return (
    <details id={operation.operationId} className="group rounded-lg border border-slate-200 bg-white shadow-sm open:ring-1 open:ring-indigo-100">
      <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-3 hover:bg-slate-50">
        <Badge tone={methodTones[method] ?? 'slate'}>{method.toUpperCase()}</Badge>
        <span className="font-mono text-sm text-slate-900">{path}</span>
        <span className="ml-auto text-sm text-slate-600">{operation.summary}</span>
      </summary>
      <div className="space-y-5 border-t border-slate-100 px-4 py-4 text-sm">
        {operation.description && (
          <p className="max-w-3xl text-slate-700">
            <Prose text={operation.description} />
          </p>
        )}
        <p className="text-xs text-slate-500">
          {operation['x-permission'] ? (
            <>
              Needs the <Code>{operation['x-permission']}</Code> permission.
            </>
          ) : (
            'Public: no authentication.'
          )}
        </p>
        {operation.parameters.length > 0 && (
          <section>
            <h4 className="font-semibold text-slate-900">Parameters</h4>
            <FieldTable label={`Parameters of ${method.toUpperCase()} ${path}`} rows={parameterRows(operation.parameters)} />
          </section>
        )}
        {body && (
          <section>
            <h4 className="font-semibold text-slate-900">
              Request body <span className="font-normal text-slate-500">{body[0]}</span>
            </h4>
            <FieldTable label={`Request body of ${method.toUpperCase()} ${path}`} rows={propertiesOf(body[1].schema)} />
            {examples[`${operation.operationId} request`] !== undefined && <Example label="Example request" value={examples[`${operation.operationId} request`]} />}
          </section>
        )}
        <section>
          <h4 className="font-semibold text-slate-900">Responses</h4>
          <ul className="mt-2 space-y-1">
            {statuses.map(([status, response]) => {
              const schema = response.content?.['application/json']?.schema;
              return (
                <li key={status} className="flex gap-3">
                  <span className={`w-10 shrink-0 font-mono font-semibold ${status.startsWith('2') || status === '304' ? 'text-emerald-700' : 'text-rose-700'}`}>{status}</span>
                  <span className="text-slate-600">
                    {status.startsWith('2') && schema ? typeOf(schema) : status.startsWith('2') ? Object.keys(response.content ?? {}).join(', ') || response.description : <ErrorCodes codes={response.description} />}
                  </span>
                </li>
              );
            })}
          </ul>
          {success.map(([status]) =>
            examples[`${operation.operationId} ${status}`] !== undefined ? <Example key={status} label={`Example response (${status})`} value={examples[`${operation.operationId} ${status}`]} /> : null,
          )}
        </section>
      </div>
    </details>
  );
}

/** An error status: its codes, each as code. */
function ErrorCodes({ codes }: { codes: string }) {
  return (
    <>
      <a href="#schema-Error" className="text-indigo-700 hover:underline">
        Error
      </a>
      {': '}
      {join(
        codes.split(', ').map((c) => <Code key={c}>{c.replaceAll('`', '')}</Code>),
        ' ',
      )}
    </>
  );
}

export function ApiReference({ document, examples }: { document: OpenApiDocument; examples: ReferenceExamples }) {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  return (
    <div className="space-y-10">
      <nav aria-label="API sections" className="flex flex-wrap gap-2">
        {document.tags.map((tag) => (
          <a key={tag.name} href={`#tag-${tag.name.replaceAll(' ', '-')}`} className="rounded-full border border-slate-200 bg-white px-3 py-1 text-sm text-slate-700 hover:border-indigo-300 hover:text-indigo-700">
            {tag.name}
          </a>
        ))}
        <a href="#schemas" className="rounded-full border border-slate-200 bg-white px-3 py-1 text-sm text-slate-700 hover:border-indigo-300 hover:text-indigo-700">
          Objects
        </a>
      </nav>
      {document.tags.map((tag) => {
        const id = `tag-${tag.name.replaceAll(' ', '-')}`;
        return (
          <section key={tag.name} aria-labelledby={id}>
            <h2 id={id} className="text-base font-semibold text-slate-900">
              {tag.name}
            </h2>
            <p className="mb-3 mt-0.5 text-sm text-slate-500">{tag.description}</p>
            <div className="space-y-2">
              {operations
                .filter(({ operation }) => operation.tags.includes(tag.name))
                .map(({ path, method, operation }) => (
                  <OperationEntry key={operation.operationId} method={method} path={path} operation={operation} examples={examples} />
                ))}
            </div>
          </section>
        );
      })}
      <section aria-labelledby="schemas">
        <h2 id="schemas" className="text-base font-semibold text-slate-900">
          Objects
        </h2>
        <div className="mt-3 space-y-2">
          {Object.entries(document.components.schemas).map(([name, schema]) => (
            <details key={name} id={`schema-${name}`} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
              <summary className="cursor-pointer list-none font-mono text-sm font-semibold text-slate-900">
                {name}
                {typeof schema.description === 'string' && (
                  <span className="ml-3 font-sans font-normal text-slate-500">
                    <Prose text={schema.description} />
                  </span>
                )}
              </summary>
              <FieldTable label={`Fields of ${name}`} rows={propertiesOf(schema)} />
              {Array.isArray(schema.examples) && <Example label="Example" value={schema.examples[0]} />}
            </details>
          ))}
        </div>
      </section>
    </div>
  );
}
