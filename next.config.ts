import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // Lets two builds live side by side (parallel development); the default is `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
};

export default nextConfig;
