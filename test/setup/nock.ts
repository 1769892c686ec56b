import nock from "nock";
import { afterEach, beforeEach } from "vitest";

// Every test file gets the same network: GitHub only through nock, and the real servers a test
// starts on loopback (the whole of 127.0.0.0/8 is loopback on Linux). Nothing reaches the internet,
// whether or not the file mocks GitHub itself.
// nock names an IPv6 host without brackets when node:http is given one ("::1:8080").
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]|::1)(:\d+)?$/;

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(LOOPBACK);
});

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
