/** TILLPOINT_PUBLIC_URL, the address people use to reach Tillpoint, or null when unset or not a URL. */
export function publicUrl(): URL | null {
  const value = process.env.TILLPOINT_PUBLIC_URL;
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
