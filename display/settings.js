// The display's settings from the hub, for the hall display and the screens above windows
// alike: `null` while the hub is away (asked again on the next connection), `{refused,
// status, message}` when the hub says no, else `{settings}`.
export async function fetchSettings(token, fallback) {
  let resp;
  try {
    resp = await fetch(`/api/display/settings?token=${encodeURIComponent(token)}`,
      { cache: "no-store" });
  } catch {
    return null;
  }
  if (!resp.ok) {
    let message = fallback;
    try {
      message = (await resp.json()).error.message || message;
    } catch { /* not the hub's JSON: keep the general message */ }
    return { refused: true, status: resp.status, message };
  }
  return { refused: false, settings: await resp.json() };
}
