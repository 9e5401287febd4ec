// Drives replimon-sim with the official `replicate` npm client, unchanged: get a prediction, wait for it,
// and print the final status. Usage: node wait.js <node_modules dir> <api root> <token> <prediction id>
"use strict";

const [modulesDir, baseUrl, auth, id] = process.argv.slice(2);
const Replicate = require(require.resolve("replicate", { paths: [modulesDir] }));

async function main() {
  const replicate = new Replicate({ auth, baseUrl });
  const prediction = await replicate.predictions.get(id);
  if (prediction.id !== id) {
    throw new Error(`get returned ${prediction.id}`);
  }
  console.log(`first ${prediction.status}`);
  const done = await replicate.wait(prediction, { interval: 100 });
  console.log(`final ${done.status}`);
  console.log(`output ${JSON.stringify(done.output)}`);

  const pages = [];
  for await (const page of replicate.paginate(replicate.predictions.list)) {
    pages.push(page.length);
  }
  console.log(`pages ${pages.join(",")}`);

  const created = await replicate.predictions.create({
    model: "black-forest-labs/flux-kontext-pro",
    input: { prompt: "from the npm client" },
    wait: 30,
  });
  console.log(`created ${created.status}`);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
