// Liveness only: no I/O, so it answers as long as the process does.
export function GET() {
  return Response.json({ status: 'ok' });
}
