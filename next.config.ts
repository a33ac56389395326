import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addon and Node-only libraries: load them from node_modules at run time, unbundled.
  serverExternalPackages: ['better-sqlite3', 'pino', 'prom-client'],
  poweredByHeader: false,
  // Lets two builds live side by side (parallel development); the default is `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
};

export default nextConfig;
