// The official `replicate` npm client, unchanged, with baseUrl at the capture endpoint: create N predictions
// at once and wait for each. The key comes from REPLICATE_API_TOKEN, as the client reads it by default.
// Usage: node create20.js <node_modules dir> <base url> <count>
// Prints one line per prediction: "<id> <final status>".
"use strict";

const [modulesDir, baseUrl, count] = process.argv.slice(2);
const Replicate = require(require.resolve("replicate", { paths: [modulesDir] }));

async function main() {
  const replicate = new Replicate({ baseUrl });
  const runs = Array.from({ length: Number(count) }, async (_, i) => {
    const created = await replicate.predictions.create({
      model: "black-forest-labs/flux-schnell",
      input: { prompt: `captured ${i}` },
    });
    const done = await replicate.wait(created, { interval: 100 });
    return `${done.id} ${done.status}`;
  });
  for (const line of await Promise.all(runs)) {
    console.log(line);
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
