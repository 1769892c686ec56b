// Loaded with `node --import` into the action's own process (spawned as the runner would), so
// the bundled dist/action.js talks to nock, not to GitHub. Reads the mocks from NOCK_SPEC and
// writes what was called, and what was not, to NOCK_LOG when the process exits.
import { readFileSync, writeFileSync } from "node:fs";
import nock from "nock";

const spec = JSON.parse(readFileSync(process.env.NOCK_SPEC, "utf8"));
const calls = [];
nock.disableNetConnect();
// Checks may talk to real servers the test started on loopback; nothing else is reachable.
nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
for (const mock of spec.mocks) {
  nock(spec.baseUrl)
    .intercept(new RegExp(mock.path), mock.method)
    .times(mock.times ?? 1)
    .reply((uri, body) => {
      calls.push({ method: mock.method, path: uri, body });
      return [mock.status, mock.body ?? {}];
    });
}
nock.emitter.on("no match", (req) => calls.push({ method: req.method, path: req.path, unmatched: true }));
process.on("exit", () => {
  writeFileSync(process.env.NOCK_LOG, JSON.stringify({ calls, pending: nock.pendingMocks() }));
});
