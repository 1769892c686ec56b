import { run } from "probot";
import deployGateApp from "./index.js";

// `npm start`: Probot reads APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL.
await run(deployGateApp);
