import { main } from "./start.js";

await main();
