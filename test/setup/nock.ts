import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { testFileImports } from "./imports.js";

// Every file that mocks GitHub gets the same network: GitHub only through nock, and the real
// servers a test starts on loopback (the whole of 127.0.0.0/8 is loopback on Linux). No test
// reaches the internet.
// nock names an IPv6 host without brackets when node:http is given one ("::1:8080").
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]|::1)(:\d+)?$/;

if (testFileImports("nock")) {
  const { default: nock } = await import("nock");
  // nock is a package, so files of the shared project share it: it intercepts for this file only.
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
  });
  afterAll(() => {
    nock.restore();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(LOOPBACK);
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
}
