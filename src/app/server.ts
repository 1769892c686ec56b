import { main } from "./start.js";

await main(process.argv.slice(2));
