// Lakelab's AutoML worker (a module worker). The page sends the URLs of its own wasm build;
// this loads that module, whose start function notices there is no window and serves AutoML
// jobs instead of mounting the app (src/platform/worker_main.rs). Errors go back as the same
// JSON events the Rust side sends.
'use strict';

self.onmessage = async (event) => {
  const msg = event.data;
  if (!msg || msg.kind !== 'init') return;
  self.onmessage = null;
  try {
    const mod = await import(msg.js);
    await mod.default({ module_or_path: msg.wasm });
  } catch (e) {
    self.postMessage(JSON.stringify({ type: 'failed', message: 'The AutoML worker could not start: ' + e }));
  }
};
