// Refresh throughput of the official `replicate` npm client, unchanged and with its default settings:
// Promise.all of predictions.get over every id, once. The key comes from REPLICATE_API_TOKEN, as the
// client reads it by default. Usage: node refresh.js <node_modules dir> <api root> <ids file>
// Prints one JSON line: {requests, ok, failed, wall_s, cpu_s, req_per_s}; timing from the first request to the
// last answer, so the process start-up is left out as it is for the other clients.
"use strict";

const fs = require("fs");
const [modulesDir, baseUrl, idsFile] = process.argv.slice(2);
const Replicate = require(require.resolve("replicate", { paths: [modulesDir] }));

async function main() {
  const ids = fs.readFileSync(idsFile, "utf8").split("\n").map((s) => s.trim()).filter(Boolean);
  const replicate = new Replicate({ baseUrl });
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    ids.map((id) =>
      replicate.predictions.get(id).then(
        (p) => { if (p.id === id) ok++; else failed++; },
        () => { failed++; }
      )
    )
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    requests: ids.length, ok, failed, wall_s: wall,
    cpu_s: (cpu.user + cpu.system) / 1e6, req_per_s: ids.length / wall,
  }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
