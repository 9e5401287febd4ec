// Reads a prediction back with the official `replicate` npm client, unchanged, and prints its model,
// version and input as one JSON line. The token comes in REPLICATE_API_TOKEN, never on the command line.
// Usage: node get.js <node_modules dir> <api root> <id>
"use strict";

const [modulesDir, baseUrl, id] = process.argv.slice(2);
const Replicate = require(require.resolve("replicate", { paths: [modulesDir] }));

async function main() {
  const replicate = new Replicate({ auth: process.env.REPLICATE_API_TOKEN, baseUrl });
  const prediction = await replicate.predictions.get(id);
  console.log(JSON.stringify({ model: prediction.model, version: prediction.version, input: prediction.input }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
