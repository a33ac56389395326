import Link from 'next/link';
import { ApiReference, type ReferenceExamples } from '@/components/developers/api-reference';
import { PageHeader } from '@/components/ui/card';
import { exampleOf, openApiDocument } from '@/lib/http/openapi/document';

export const metadata = { title: 'API reference · Tillpoint' };

/** Every operation's example request and successful answers, from the document's schemas. */
function examplesOf(document: ReturnType<typeof openApiDocument>): ReferenceExamples {
  const examples: ReferenceExamples = {};
  const { schemas } = document.components;
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods)) {
      const body = operation.requestBody?.content['application/json'];
      if (body) examples[`${operation.operationId} request`] = body.example ?? exampleOf(body.schema, schemas);
      for (const [status, response] of Object.entries(operation.responses)) {
        const json = response.content?.['application/json'];
        if (status.startsWith('2') && json && operation['x-permission']) examples[`${operation.operationId} ${status}`] = json.example ?? exampleOf(json.schema, schemas);
      }
    }
  }
  return examples;
}

/** The reference of the native API, rendered from the same document /api/v1/openapi.json serves. */
export default function ApiReferencePage() {
  const document = openApiDocument();
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Every endpoint of the Tillpoint API under <code className="font-mono">/api/v1</code>. Authenticate with <code className="font-mono">Authorization: Bearer sk_test_…</code>.
            The machine-readable OpenAPI 3.1 document is at{' '}
            <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 hover:underline">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
        actions={
          <Link href="/developers" className="text-sm font-medium text-indigo-700 hover:underline">
            ← Developers
          </Link>
        }
      />
      <ApiReference document={document} examples={examplesOf(document)} />
    </>
  );
}
