import { startApp } from "./start.js";

await startApp();
