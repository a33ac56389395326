import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, FIXED_SECURITY_HEADERS } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // Native addon and Node-only libraries: load them from node_modules at run time, unbundled.
  serverExternalPackages: ['better-sqlite3', 'pino', 'prom-client'],
  poweredByHeader: false,
  // Lets two builds live side by side (parallel development); the default is `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Fixed at build time and applied by Next.js's router to every answer, including static files,
  // error pages and answers the proxy gives. The pages' CSP (per-request nonce) is set in
  // proxy.ts and HSTS at the socket (lib/http/https.ts): see lib/http/security-headers.ts.
  async headers() {
    return [
      { source: '/:path*', headers: [...FIXED_SECURITY_HEADERS] },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
      { source: '/v1/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
