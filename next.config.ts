import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
};

export default nextConfig;
