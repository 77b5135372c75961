// model-src.js — a trained model named by a widget's model-src attribute: an instructor saves a
// model in the training lab (Save model) and puts the file next to the course page, and the
// widget shows it without the reader loading anything. The bytes are checked by the core
// (sl.loadModel) like a file the reader loads; what fails here is getting them.

/**
 * The bytes at url (relative to the page). Errors say what to do: a page opened from a file may
 * not fetch other files, a network or CSP refusal, or the server's status.
 * tf(key, vars): the widget's translated template.
 */
export async function fetchModelBytes(url, tf) {
  let where;
  try {
    where = new URL(url, document.baseURI);
  } catch {
    throw new Error(tf('model-src: "{url}" is not a URL.', { url }));
  }
  let res;
  try {
    res = await fetch(where);
  } catch {
    throw new Error(
      tf(
        location.protocol === 'file:'
          ? 'Could not fetch the model {url}: a page opened from a file may not read other files. Serve the page over http(s), or load the file with Load model… (or drop it on the widget).'
          : "Could not fetch the model {url}: a network error, or the page's Content-Security-Policy has no connect-src for it.",
        { url },
      ),
    );
  }
  if (!res.ok)
    throw new Error(tf('Could not fetch the model {url}: the server answered {status}.', { url, status: res.status }));
  return new Uint8Array(await res.arrayBuffer());
}
