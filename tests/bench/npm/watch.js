// Watch to completion with the official `replicate` npm client, unchanged and with its default settings:
// predictions.get, then wait() (it polls every 0.5 s) for every id at once. The key comes from
// REPLICATE_API_TOKEN. Usage: node watch.js <node_modules dir> <api root> <ids file>
// Prints one JSON line: {predictions, succeeded, other, last_completed_at}.
"use strict";

const fs = require("fs");
const [modulesDir, baseUrl, idsFile] = process.argv.slice(2);
const Replicate = require(require.resolve("replicate", { paths: [modulesDir] }));

async function main() {
  const ids = fs.readFileSync(idsFile, "utf8").split("\n").map((s) => s.trim()).filter(Boolean);
  const replicate = new Replicate({ baseUrl });
  const done = await Promise.all(
    ids.map(async (id) => replicate.wait(await replicate.predictions.get(id)))
  );
  const succeeded = done.filter((p) => p.status === "succeeded").length;
  const last = done.map((p) => p.completed_at).filter(Boolean).sort().pop() || null;
  console.log(JSON.stringify({
    predictions: done.length, succeeded, other: done.length - succeeded, last_completed_at: last,
  }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
